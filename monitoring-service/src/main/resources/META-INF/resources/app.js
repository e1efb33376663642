// Migration monitoring dashboard: a small single-page app over the service's REST API, updated by server-sent events.
// Authentication is the browser's own HTTP Basic login (the service challenges every page); API calls go to
// location.origin so a page opened as http://user:password@host/ never puts credentials into a request URL.
import { PALETTE, stackedBars, columns, legend } from './charts.js';

const ORIGIN = location.origin;

// ---------- helpers ----------
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(path) {
  const r = await fetch(ORIGIN + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!r.ok) {
    let detail = r.statusText;
    try { const p = await r.json(); detail = p.detail || p.title || detail; } catch (e) { /* not problem JSON */ }
    throw new ApiError(r.status, detail);
  }
  return r.json();
}

const q = (params) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const str = s.toString();
  return str ? '?' + str : '';
};

const num = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString());
const time = (iso) => (iso ? new Date(iso).toLocaleString() : '–');
function ago(iso) {
  if (!iso) return 'never';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

// Every state has an icon and a word, not only a colour.
const STATES = {
  COMPLETED: ['✔', 'Completed'], FAILED: ['✖', 'Failed'], RUNNING: ['▶', 'Running'], NOT_STARTED: ['○', 'Not started'],
  STOPPED: ['■', 'Stopped'], DELETED: ['⌫', 'Deleted'], SKIPPED: ['↷', 'Skipped'], EXCLUDED: ['⊘', 'Excluded'],
  READY: ['✔', 'Ready'], GATHERING: ['⟳', 'Gathering'], NOT_GATHERED: ['○', 'Not gathered'], UNKNOWN: ['?', 'Unknown'],
};
function badge(state, label) {
  const [icon, word] = STATES[state] || ['•', state];
  const cls = 's-' + String(state).toLowerCase().replace(/[^a-z_]/g, '');
  return h('span', { class: `badge status ${cls}`, 'data-state': state }, h('span', { 'aria-hidden': 'true' }, icon), label || word);
}
function dpBadge(d) {
  const s = d.state.toUpperCase();
  const icon = d.inQueue ? '⧗' : s.includes('FAIL') ? '✖' : s.includes('REASSIGNED') || s.includes('UPGRADED') ? '✔' : '•';
  const cls = d.inQueue ? 's-queued' : s.includes('FAIL') ? 's-failed' : 's-completed';
  return h('span', { class: `badge ${cls}` }, h('span', { 'aria-hidden': 'true' }, icon), d.state.replaceAll('_', ' ').toLowerCase());
}

function progress(job) {
  const t = Math.max(job.total, 1);
  const pct = (n) => `${Math.min(100, (100 * n) / t)}%`;
  const done = job.migrated + job.failed + job.skipped;
  return h('div', {
    class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': job.total, 'aria-valuenow': done,
    'aria-label': `${job.name}: ${done} of ${job.total} processed`, 'data-percent': job.percentDone,
  },
  h('div', { class: 'seg migrated', style: `width:${pct(job.migrated)}` }),
  h('div', { class: 'seg failed', style: `width:${pct(job.failed)}` }),
  h('div', { class: 'seg skipped', style: `width:${pct(job.skipped)}` }),
  h('span', { class: 'label' }, `${num(done)} / ${num(job.total)} (${Math.round(job.percentDone)}%)`));
}

function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map(c => (typeof c === 'string' ? h('th', { scope: 'col' }, c) : h('th', { scope: 'col', class: c.cls }, c.label))))),
    h('tbody', {}, rows));
}

function errorBox(e) {
  if (e instanceof ApiError && e.status === 401) {
    return h('div', { class: 'error', role: 'alert' }, 'Your session needs signing in again: reload the page and enter your credentials.');
  }
  return h('div', { class: 'error', role: 'alert' }, `Could not load: ${e.message}`);
}

// ---------- views ----------
// A view renders into `root` and returns { refresh(kinds), jobs(list) }: refresh reloads its data; jobs() applies
// job projections pushed by the server directly (progress bars move without a round trip).

function overview(root) {
  const figures = h('div', { class: 'grid cards' });
  const typeChart = h('div', { class: 'card', id: 'chart-types' });
  const jobChart = h('div', { class: 'card', id: 'chart-jobs' });
  const rateChart = h('div', { class: 'card', id: 'chart-throughput' });
  root.replaceChildren(h('h2', {}, 'Migration overview'), figures, h('div', { class: 'grid charts' }, typeChart, jobChart, rateChart));
  let recentJobs = [];

  function card(title, big, rows, id) {
    return h('section', { class: 'card', id },
      h('h3', {}, title), big !== undefined ? h('div', { class: 'big' }, big) : null,
      rows ? h('dl', {}, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null);
  }

  function drawJobs() {
    jobChart.replaceChildren(h('h3', {}, 'Job progress'),
      recentJobs.length === 0 ? h('p', { class: 'muted' }, 'No migration jobs yet.') :
        table(['Job', 'Status', 'Progress'], recentJobs.map(j => h('tr', { 'data-job-id': j.jobId },
          h('td', {}, h('a', { href: `#/jobs/${encodeURIComponent(j.jobId)}` }, j.name)), h('td', {}, badge(j.status)),
          h('td', {}, progress(j))))),
      legend([{ label: 'Migrated', color: '#0072B2' }, { label: 'Failed (hatched)', color: '#D55E00' }, { label: 'Skipped', color: '#F0E442' }]));
  }

  async function refresh() {
    try {
      const [s, types, jobs, rate] = await Promise.all([api('/api/summary'), api('/api/charts/objects-by-type'),
        api('/api/jobs?size=8'), api('/api/charts/throughput?minutes=30')]);
      const source = s.hierarchies.find(x => x.state === 'ACTIVE');
      figures.replaceChildren(
        card('Source hierarchy', source ? (source.topSiteCode || source.hierarchyId) : '–', [
          ['Top site', source?.topSiteServer || '–'], ['Version', source?.sourceVersion || '–'],
          ['Source sites', num(s.sourceSites)], ['Destination sites', num(s.destinationSites)]], 'fig-sites'),
        card('Objects', num(s.objectsTotal), [['Migrated', num(s.objectsMigrated)], ['Excluded', num(s.objectsExcluded)],
          ['Remaining', num(s.objectsRemaining)], ['Updated', ago(s.objectMigrationLastUpdated)]], 'fig-objects'),
        card('Clients', num(s.clientsTotal), [['Migrated', num(s.clientsMigrated)], ['Excluded', num(s.clientsExcluded)],
          ['Remaining', num(s.clientsRemaining)], ['Updated', ago(s.clientMigrationLastUpdated)]], 'fig-clients'),
        card('Migration jobs', num(s.jobsTotal), [['✔ Completed', num(s.jobsCompleted)], ['✖ Failed', num(s.jobsFailed)],
          ['▶ In progress', num(s.jobsInProgress)], ['Updated', ago(s.jobStatisticsLastUpdated)]], 'fig-jobs'),
        card('Data gathering', ago(s.lastSuccessfulGathering), [['Last success', time(s.lastSuccessfulGathering)],
          ['⟳ Gathering now', num(s.sitesGathering)], ['✖ Failed sites', num(s.sitesFailed)],
          ['Shared DPs', num(s.sharedDps)]], 'fig-gathering'));

      const states = types.states;
      const keys = states.map((st, i) => ({ key: st, label: st.replaceAll('_', ' ').toLowerCase(), color: PALETTE[i % PALETTE.length] }));
      typeChart.replaceChildren(h('h3', {}, 'Objects by type and state'),
        types.types.length === 0 ? h('p', { class: 'muted' }, 'No catalogue figures yet (published by the job service after gathering).') :
          h('div', {}, stackedBars(types.types.map(t => ({ label: t.type.replaceAll('_', ' ').toLowerCase(), values: t.states })), keys),
            legend(keys)));

      recentJobs = jobs.items;
      drawJobs();

      const series = [{ key: 'migrated', label: 'Migrated', color: '#0072B2' }, { key: 'failed', label: 'Failed', color: '#D55E00' }];
      rateChart.replaceChildren(h('h3', {}, `Throughput over time (objects per ${rate.bucketSeconds} s)`),
        rate.buckets.length === 0 ? h('p', { class: 'muted' }, 'No objects migrated yet.') :
          h('div', {}, columns(rate.buckets.map(b => ({ t: new Date(b.start), migrated: b.migrated, failed: b.failed })), series),
            legend(series)));
    } catch (e) {
      figures.replaceChildren(errorBox(e));
    }
  }
  return {
    refresh,
    jobs(list) {
      let changed = false;
      for (const j of list) {
        const i = recentJobs.findIndex(x => x.jobId === j.jobId);
        if (i >= 0) { recentJobs[i] = j; changed = true; }
      }
      if (changed) drawJobs();
    },
  };
}

function sources(root) {
  const body = h('div');
  root.replaceChildren(h('h2', {}, 'Source hierarchies and sites'), body);
  async function refresh() {
    try {
      const hierarchies = await api('/api/hierarchies');
      if (hierarchies.length === 0) {
        body.replaceChildren(h('p', { class: 'muted' }, 'No source hierarchy has been specified yet.'));
        return;
      }
      body.replaceChildren(...hierarchies.map(hy => h('section', { class: 'card', style: 'margin-bottom:12px', 'data-hierarchy': hy.hierarchyId },
        h('h3', {}, `${hy.topSiteCode || hy.hierarchyId} – ${hy.topSiteServer || 'server unknown'}`,
          h('span', { class: 'muted' }, `  version ${hy.sourceVersion || '–'} → destination ${hy.destinationSiteCode || '–'} · ${hy.state.toLowerCase()}`)),
        table(['Site', 'Parent', 'Server', 'Status', 'Last run', 'Last success', 'Next run', 'Objects gathered'],
          hy.sites.map(s => h('tr', { 'data-site': s.siteCode },
            h('td', {}, h('strong', {}, s.siteCode), s.siteType ? h('div', { class: 'muted' }, s.siteType) : null),
            h('td', {}, s.parentSiteCode || '–'), h('td', {}, s.serverName || '–'),
            h('td', {}, badge(s.state, s.status || STATES[s.state]?.[1]), s.statusCode !== null ? h('div', { class: 'muted' }, `code ${s.statusCode}`) : null,
              s.statusMessage ? h('div', { class: 'muted' }, s.statusMessage) : null,
              s.gatheringStopped ? h('div', {}, '■ gathering stopped') : null, s.dpSharingEnabled ? h('div', {}, 'DP sharing on') : null),
            h('td', {}, time(s.lastRunFinishedAt || s.lastRunStartedAt)), h('td', {}, time(s.lastSuccessAt)), h('td', {}, time(s.nextRunAt)),
            h('td', {}, Object.keys(s.counts).length === 0 ? '–' : h('details', {},
              h('summary', {}, `${num(Object.values(s.counts).reduce((a, c) => a + (c.total || 0), 0))} in ${Object.keys(s.counts).length} types`),
              table(['Type', { label: 'Total', cls: 'num' }, { label: 'New', cls: 'num' }, { label: 'Changed', cls: 'num' }, { label: 'Removed', cls: 'num' }],
                Object.entries(s.counts).map(([t, c]) => h('tr', {}, h('td', {}, t.replaceAll('_', ' ').toLowerCase()),
                  h('td', { class: 'num' }, num(c.total)), h('td', { class: 'num' }, num(c.discovered)),
                  h('td', { class: 'num' }, num(c.changed)), h('td', { class: 'num' }, num(c.removed)))))))))))));
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
  }
  return { refresh };
}

function jobRow(j) {
  return h('tr', { class: 'clickable', 'data-job-id': j.jobId, tabindex: 0,
    onclick: () => { location.hash = `#/jobs/${encodeURIComponent(j.jobId)}`; },
    onkeydown: (ev) => { if (ev.key === 'Enter') location.hash = `#/jobs/${encodeURIComponent(j.jobId)}`; } },
  h('td', {}, h('a', { href: `#/jobs/${encodeURIComponent(j.jobId)}` }, j.name), h('div', { class: 'muted' }, j.jobId)),
  h('td', {}, j.type.replaceAll('_', ' ').toLowerCase()), h('td', {}, badge(j.status)), h('td', {}, progress(j)),
  h('td', { class: 'num migrated' }, num(j.migrated)), h('td', { class: 'num failed' }, num(j.failed)),
  h('td', { class: 'num skipped' }, num(j.skipped)), h('td', { class: 'num total' }, num(j.total)),
  h('td', {}, time(j.startedAt)), h('td', { class: 'num' }, j.durationSeconds === null ? '–' : `${num(j.durationSeconds)} s`),
  h('td', { class: 'num' }, j.objectsPerSecond === null ? '–' : num(j.objectsPerSecond)));
}
const JOB_HEADERS = ['Job', 'Type', 'Status', 'Progress', { label: 'Migrated', cls: 'num' }, { label: 'Failed', cls: 'num' },
  { label: 'Skipped', cls: 'num' }, { label: 'Total', cls: 'num' }, 'Started', { label: 'Duration', cls: 'num' }, { label: 'Objects/s', cls: 'num' }];

function jobs(root) {
  const state = { status: '', q: '', page: 0 };
  const list = h('div');
  const search = h('input', { type: 'search', placeholder: 'Search job name or id', 'aria-label': 'Search jobs',
    oninput: debounce(() => { state.q = search.value; state.page = 0; refresh(); }, 300) });
  const status = h('select', { 'aria-label': 'Filter by status', onchange: () => { state.status = status.value; state.page = 0; refresh(); } },
    h('option', { value: '' }, 'All states'), ...['RUNNING', 'COMPLETED', 'FAILED', 'NOT_STARTED', 'STOPPED'].map(s => h('option', { value: s }, STATES[s][1])));
  root.replaceChildren(h('h2', {}, 'Migration jobs'), h('div', { class: 'toolbar' }, search, status), list);
  async function refresh() {
    try {
      const page = await api('/api/jobs' + q({ status: state.status, q: state.q, page: state.page, size: 50 }));
      list.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, 'No jobs match.') :
        table(JOB_HEADERS, page.items.map(jobRow), { id: 'jobs-table' }), pager(page, (p) => { state.page = p; refresh(); }));
    } catch (e) {
      list.replaceChildren(errorBox(e));
    }
  }
  return {
    refresh,
    jobs(updated) {
      for (const j of updated) {
        const row = list.querySelector(`tr[data-job-id="${CSS.escape(j.jobId)}"]`);
        if (row) row.replaceWith(jobRow(j));
      }
    },
  };
}

function pager(page, go) {
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  if (pages <= 1) return h('div', { class: 'pager muted' }, `${num(page.total)} in all`);
  return h('div', { class: 'pager' },
    h('button', { disabled: page.page === 0, onclick: () => go(page.page - 1) }, '‹ Previous'),
    h('span', {}, `Page ${page.page + 1} of ${pages} (${num(page.total)} in all)`),
    h('button', { disabled: page.page + 1 >= pages, onclick: () => go(page.page + 1) }, 'Next ›'));
}

function jobDetail(root, jobId) {
  const state = { status: '', q: '', page: 0 };
  const head = h('div', { id: 'job-head' });
  const filters = h('div', { class: 'toolbar', id: 'object-filters' });
  const search = h('input', { type: 'search', id: 'object-search', placeholder: 'Search name, key or message', 'aria-label': 'Search objects',
    oninput: debounce(() => { state.q = search.value; state.page = 0; loadObjects(); }, 300) });
  const objects = h('div', { id: 'objects' });
  root.replaceChildren(h('p', {}, h('a', { href: '#/jobs' }, '‹ All jobs')), head, h('h3', {}, 'Objects in job'),
    h('div', { class: 'toolbar' }, filters, search), objects);

  function drawHead(j) {
    head.replaceChildren(h('h2', {}, j.name, ' ', badge(j.status)),
      h('div', { class: 'grid cards' },
        h('section', { class: 'card' }, h('h3', {}, 'Progress'), progress(j), h('dl', {},
          h('dt', {}, 'Migrated'), h('dd', { id: 'job-migrated' }, num(j.migrated)), h('dt', {}, 'Failed'), h('dd', { id: 'job-failed' }, num(j.failed)),
          h('dt', {}, 'Skipped'), h('dd', {}, num(j.skipped)), h('dt', {}, 'Total'), h('dd', { id: 'job-total' }, num(j.total)))),
        h('section', { class: 'card' }, h('h3', {}, 'Timing'), h('dl', {},
          h('dt', {}, 'Created'), h('dd', {}, time(j.createdAt)), h('dt', {}, 'Started'), h('dd', {}, time(j.startedAt)),
          h('dt', {}, 'Ended'), h('dd', {}, time(j.endedAt)), h('dt', {}, 'Duration'), h('dd', {}, j.durationSeconds === null ? '–' : `${num(j.durationSeconds)} s`),
          h('dt', {}, 'Objects/s'), h('dd', {}, j.objectsPerSecond === null ? '–' : num(j.objectsPerSecond)))),
        h('section', { class: 'card' }, h('h3', {}, 'Job'), h('dl', {},
          h('dt', {}, 'Id'), h('dd', {}, j.jobId), h('dt', {}, 'Type'), h('dd', {}, j.type), h('dt', {}, 'Hierarchy'), h('dd', {}, j.hierarchyId || '–'),
          h('dt', {}, 'Status code'), h('dd', {}, j.statusCode)), j.message ? h('p', {}, j.message) : null)));
  }

  async function loadHead() {
    try {
      drawHead(await api(`/api/jobs/${encodeURIComponent(jobId)}`));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) head.replaceChildren(h('h2', {}, jobId), h('p', { class: 'muted' }, 'No job status received yet.'));
      else head.replaceChildren(errorBox(e));
    }
  }

  async function loadObjects() {
    try {
      const page = await api(`/api/jobs/${encodeURIComponent(jobId)}/objects` + q({ status: state.status, q: state.q, page: state.page, size: 50 }));
      const all = Object.values(page.countsByStatus).reduce((a, b) => a + b, 0);
      filters.replaceChildren(h('button', { 'data-status': '', 'aria-pressed': String(state.status === ''),
        onclick: () => { state.status = ''; state.page = 0; loadObjects(); } }, `All (${num(all)})`),
      ...Object.entries(page.countsByStatus).filter(([, n]) => n > 0).map(([s, n]) => h('button', {
        'data-status': s, 'aria-pressed': String(state.status === s),
        onclick: () => { state.status = s; state.page = 0; loadObjects(); } }, `${STATES[s]?.[0] || ''} ${STATES[s]?.[1] || s} (${num(n)})`)));
      objects.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, 'No objects match.') :
        table(['Object', 'Type', 'Site', 'Status', 'Message', 'Updated'], page.items.map(o => h('tr', { 'data-object-key': o.objectKey },
          h('td', {}, o.name || o.sourceId, h('div', { class: 'muted' }, o.objectKey)), h('td', {}, o.type.replaceAll('_', ' ').toLowerCase()),
          h('td', {}, o.siteCode), h('td', {}, badge(o.status)),
          h('td', {}, o.messageCode ? `[${o.messageCode}] ` : '', o.message || ''), h('td', {}, time(o.lastUpdated)))), { id: 'objects-table' }),
      pager(page, (p) => { state.page = p; loadObjects(); }));
    } catch (e) {
      objects.replaceChildren(errorBox(e));
    }
  }
  return {
    refresh: (kinds) => Promise.all([!kinds || kinds.includes('jobs') ? loadHead() : null,
      !kinds || kinds.includes('objects') ? loadObjects() : null]),
    jobs(list) { const j = list.find(x => x.jobId === jobId); if (j) drawHead(j); },
  };
}

function dps(root) {
  const body = h('div');
  const stateFilter = h('select', { 'aria-label': 'Filter by state', onchange: () => refresh() }, h('option', { value: '' }, 'All states'));
  root.replaceChildren(h('h2', {}, 'Shared distribution points'), body);
  const dpHeaders = ['Distribution point', 'Site', 'State', 'Shared', 'Eligible', 'Packages (available / hosted)', 'Destination', 'Updated'];
  const dpRow = (d) => h('tr', { 'data-nal': d.nalPath },
    h('td', {}, d.serverName || d.nalPath, h('div', { class: 'muted' }, d.nalPath)), h('td', {}, d.siteCode), h('td', {}, dpBadge(d)),
    h('td', {}, d.shared ? '✔ yes' : '✖ no'),
    h('td', {}, d.eligible === null ? '? not evaluated' : d.eligible ? `✔ yes (${(d.eligibilityKind || '').toLowerCase()})` : '✖ no',
      d.reasons.length ? h('div', { class: 'muted' }, d.reasons.join('; ')) : null),
    h('td', { class: 'num' }, `${num(d.availablePackages)} / ${num(d.hostedPackages)}`), h('td', {}, d.destinationSiteCode || '–'),
    h('td', {}, time(d.lastUpdated)));
  async function refresh() {
    try {
      const r = await api('/api/dps' + q({ state: stateFilter.value }));
      const selected = stateFilter.value;
      stateFilter.replaceChildren(h('option', { value: '' }, 'All states'),
        ...Object.entries(r.byState).map(([s, n]) => h('option', { value: s, selected: s === selected }, `${s} (${n})`)));
      body.replaceChildren(
        h('div', { class: 'grid cards' },
          h('section', { class: 'card' }, h('h3', {}, 'Shared'), h('div', { class: 'big' }, num(r.shared))),
          h('section', { class: 'card' }, h('h3', {}, 'Eligibility'), h('dl', {}, h('dt', {}, '✔ Eligible'), h('dd', {}, num(r.eligible)),
            h('dt', {}, '✖ Not eligible'), h('dd', {}, num(r.notEligible)), h('dt', {}, '? Not evaluated'), h('dd', {}, num(r.eligibilityUnknown)))),
          h('section', { class: 'card' }, h('h3', {}, 'Reassignment queue'), h('div', { class: 'big' }, num(r.queue.length)),
            h('div', { class: 'muted' }, 'queued or in progress'))),
        h('h3', { style: 'margin-top:12px' }, 'Reassignment / upgrade queue'),
        r.queue.length === 0 ? h('p', { class: 'muted' }, 'Nothing queued.') : table(dpHeaders, r.queue.map(dpRow), { id: 'dp-queue' }),
        h('div', { class: 'toolbar', style: 'margin-top:12px' }, h('h3', { style: 'margin:0' }, 'All shared distribution points'), stateFilter),
        r.items.length === 0 ? h('p', { class: 'muted' }, 'No distribution points reported yet.') : table(dpHeaders, r.items.map(dpRow), { id: 'dp-table' }));
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
  }
  return { refresh };
}

function reports(root) {
  const body = h('div');
  const jobSelect = h('select', { 'aria-label': 'Job', onchange: () => show('migration-job-properties') });
  const titles = { 'clients-in-exclusion-list': 'Clients in exclusion list', 'dependency-on-collection': 'Dependency on a collection',
    'migration-job-properties': 'Migration job properties', 'migration-jobs': 'Migration jobs', 'objects-failed-to-migrate': 'Objects that failed to migrate' };
  let current = 'migration-jobs';
  const buttons = Object.entries(titles).map(([name, title]) => h('button', { 'data-report': name, onclick: () => show(name) }, title));
  root.replaceChildren(h('h2', {}, 'Reports'), h('div', { class: 'toolbar' }, buttons), body);
  async function show(name) {
    current = name;
    buttons.forEach(b => b.setAttribute('aria-pressed', String(b.dataset.report === name)));
    try {
      let params = {};
      if (name === 'migration-job-properties') {
        if (jobSelect.options.length === 0) {
          const jobsPage = await api('/api/jobs?size=200');
          jobSelect.replaceChildren(...jobsPage.items.map(j => h('option', { value: j.jobId }, `${j.name} (${j.jobId})`)));
        }
        if (!jobSelect.value) { body.replaceChildren(h('p', { class: 'muted' }, 'No jobs yet.')); return; }
        params = { jobId: jobSelect.value };
      }
      const r = await api(`/api/reports/${name}` + q(params));
      body.replaceChildren(h('div', { class: 'toolbar' }, h('h3', { style: 'margin:0' }, r.title),
        name === 'migration-job-properties' ? jobSelect : null,
        h('a', { href: `${ORIGIN}/api/reports/${name}.csv${q(params)}`, download: `${name}.csv` }, '⇩ Download CSV')),
      h('p', { class: 'muted' }, r.description),
      ...r.notes.map(n => h('div', { class: 'notes' }, r.complete ? 'ℹ ' : '⚠ ', n)),
      r.rows.length === 0 ? h('p', { class: 'muted' }, 'No rows.') :
        h('div', { class: 'scroll' }, table(r.columns, r.rows.map(row => h('tr', {}, row.map(c => h('td', {}, c === null ? '' : String(c))))), { id: 'report-table' })));
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
  }
  return { refresh: () => show(current) };
}

function history(root) {
  const fields = ['hierarchyId', 'siteCode', 'jobId', 'objectKey'];
  const inputs = Object.fromEntries(fields.map(f => [f, h('input', { name: f, placeholder: f, 'aria-label': f, size: 12 })]));
  const from = h('input', { type: 'datetime-local', 'aria-label': 'From' });
  const to = h('input', { type: 'datetime-local', 'aria-label': 'To' });
  const body = h('div');
  let page = 0;
  const form = h('form', { class: 'toolbar', onsubmit: (ev) => { ev.preventDefault(); page = 0; refresh(); } },
    ...Object.values(inputs), h('label', {}, 'From ', from), h('label', {}, 'To ', to), h('button', { type: 'submit' }, 'Search'));
  root.replaceChildren(h('h2', {}, 'Migration history'), h('p', { class: 'muted' }, 'Every status event received, newest first. Nothing here is ever overwritten.'), form, body);
  async function refresh() {
    try {
      const params = Object.fromEntries(fields.map(f => [f, inputs[f].value.trim()]));
      if (from.value) params.from = new Date(from.value).toISOString();
      if (to.value) params.to = new Date(to.value).toISOString();
      params.page = page;
      params.size = 50;
      const r = await api('/api/history' + q(params));
      body.replaceChildren(table(['Time', 'Event', 'Status', 'What happened'], r.items.map(e => h('tr', {},
        h('td', {}, time(e.occurredAt)), h('td', {}, e.eventType), h('td', {}, e.status || ''),
        h('td', {}, eventDetails(e))))),
      pager(r, (p) => { page = p; refresh(); }));
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
  }
  // A large event (a job's chunk of up to 1,000 objects) is not in the page: it is fetched when its row is opened.
  function eventDetails(e) {
    const pre = h('pre', { style: 'white-space:pre-wrap' }, e.eventInline ? JSON.stringify(e.event, null, 2) : '');
    const details = h('details', {}, h('summary', {}, e.summary), pre);
    if (!e.eventInline) {
      pre.textContent = 'Loading the event (' + Math.round(e.eventChars / 1024) + ' KB)...';
      details.addEventListener('toggle', async () => {
        if (!details.open || details.dataset.loaded) return;
        try {
          const full = await api('/api/history/events/' + encodeURIComponent(e.eventId));
          pre.textContent = JSON.stringify(full.event, null, 2);
          details.dataset.loaded = 'yes';
        } catch (err) {
          pre.replaceChildren(errorBox(err));
        }
      });
    }
    return details;
  }
  return { refresh: (kinds) => (page === 0 ? refresh() : undefined) };
}

// ---------- routing and live updates ----------
let view = null;
const viewEl = document.getElementById('view');

function route() {
  const path = location.hash.replace(/^#\/?/, '');
  const [page, id] = path.split('/').map(decodeURIComponent);
  const name = page || 'overview';
  document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', a.dataset.page === name));
  if (name === 'jobs' && id) view = jobDetail(viewEl, id);
  else view = ({ overview, sources, jobs, dps, reports, history }[name] || overview)(viewEl);
  view.refresh();
}

function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

const pendingKinds = new Set();
const refreshSoon = debounce(() => {
  const kinds = [...pendingKinds];
  pendingKinds.clear();
  view?.refresh(kinds);
}, 300);

const live = document.getElementById('live');
let source = null;
let lost = false;
function connect() {
  source = new EventSource(ORIGIN + '/api/stream');
  source.addEventListener('open', () => {
    live.textContent = 'Live';
    live.className = 'live on';
    if (lost) { lost = false; view?.refresh(); } // catch up on anything missed while away
  });
  source.addEventListener('change', (ev) => {
    const data = JSON.parse(ev.data);
    if (data.jobs.length) view?.jobs?.(data.jobs);
    data.kinds.forEach(k => pendingKinds.add(k));
    refreshSoon();
  });
  source.addEventListener('refresh', () => view?.refresh());
  source.addEventListener('error', () => {
    lost = true;
    live.textContent = 'Reconnecting…';
    live.className = 'live off';
    if (source.readyState === EventSource.CLOSED) { // the browser gave up (e.g. the service restarted): try again
      setTimeout(connect, 3000);
    }
  });
}

window.addEventListener('hashchange', route);
route();
connect();
