package io.cmmigration.monitoring.dashboard.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Counters;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Dp;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Dps;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Hierarchy;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.HierarchyFigures;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Job;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.JobObject;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.ObjectsByType;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Page;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Site;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Summary;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Throughput;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.ThroughputPoint;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.TypeStates;
import io.cmmigration.monitoring.projection.domain.GatheringCodes;
import io.cmmigration.monitoring.projection.domain.StatusOrder;
import io.cmmigration.monitoring.projection.persistence.CatalogueView;
import io.cmmigration.monitoring.projection.persistence.DpView;
import io.cmmigration.monitoring.projection.persistence.HierarchyView;
import io.cmmigration.monitoring.projection.persistence.JobObjectView;
import io.cmmigration.monitoring.projection.persistence.JobView;
import io.cmmigration.monitoring.projection.persistence.SiteView;
import io.cmmigration.monitoring.projection.persistence.ThroughputBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads the projections into the dashboard's views. Read-only; every figure comes from events already applied. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DashboardQueries {

    /** DP states that mean "waiting for or in reassignment/upgrade" (dp-share-service names them; matched loosely). */
    private static final List<String> QUEUE_WORDS = List.of("QUEUED", "PENDING", "REASSIGNING", "UPGRADING", "IN_PROGRESS", "RUNNING");

    @Inject
    EntityManager em;

    @ConfigProperty(name = "cmm.monitoring.throughput-bucket-seconds", defaultValue = "10")
    int bucketSeconds;

    public Summary summary(String hierarchyFilter) {
        Map<String, HierarchyView> hierarchies = HierarchyView.<HierarchyView>listAll().stream()
                .collect(Collectors.toMap(h -> h.hierarchyId, h -> h));
        List<SiteView> allSites = SiteView.listAll();
        Map<String, CatalogueView> catalogues = CatalogueView.<CatalogueView>listAll().stream()
                .collect(Collectors.toMap(c -> c.hierarchyId, c -> c));
        Set<String> ids = new TreeSet<>(hierarchies.keySet());
        allSites.forEach(s -> ids.add(s.hierarchyId));
        ids.addAll(catalogues.keySet());
        // a hierarchy whose jobs report before its lifecycle events arrive is still a source of migrated objects
        ids.addAll(em.createQuery("select distinct j.hierarchyId from JobView j where j.hierarchyId is not null", String.class)
                .getResultList());
        if (hierarchyFilter != null) {
            ids.retainAll(Set.of(hierarchyFilter));
        }
        List<HierarchyFigures> figures = new ArrayList<>();
        long[] objects = new long[4];
        long[] clients = new long[4];
        int sites = 0;
        Set<String> destinations = new TreeSet<>();
        Instant lastGathering = null;
        Instant objectsUpdated = null;
        Instant clientsUpdated = null;
        long gathering = 0;
        long failed = 0;
        for (String id : ids) {
            HierarchyView h = hierarchies.get(id);
            String state = h == null ? "ACTIVE" : h.state;
            List<SiteView> hs = allSites.stream().filter(s -> s.hierarchyId.equals(id)).toList();
            Instant hLastGathering = hs.stream().map(s -> s.lastSuccessAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                    .orElse(null);
            CatalogueView c = catalogues.get(id);
            Counters o;
            Counters cl;
            String from;
            Instant hObjectsUpdated;
            if (c != null) {
                o = new Counters(c.objectsTotal, c.objectsMigrated, c.objectsExcluded, c.objectsRemaining);
                cl = new Counters(c.clientsTotal, c.clientsMigrated, c.clientsExcluded, c.clientsRemaining);
                from = "catalogue";
                hObjectsUpdated = c.occurredAt;
                clientsUpdated = max(clientsUpdated, c.occurredAt);
            } else {
                long[] derived = migratedInJobs(id);
                o = new Counters(0, derived[0], 0, 0);
                cl = new Counters(0, derived[1], 0, 0);
                from = derived[0] + derived[1] > 0 ? "jobs" : "none";
                hObjectsUpdated = derived[0] + derived[1] > 0 ? lastObjectUpdate(id) : null;
            }
            figures.add(new HierarchyFigures(id, h == null ? null : h.topSiteCode, h == null ? null : h.topSiteServer,
                    h == null ? null : h.sourceVersion, h == null ? null : h.destinationSiteCode, state, hs.size(), o, cl, from,
                    hLastGathering, hObjectsUpdated));
            if ("CLEANED_UP".equals(state)) {
                continue; // ConfigMgr's dashboard shows the active source; cleaned-up ones stay listed, not counted
            }
            sites += hs.size();
            if (h != null && h.destinationSiteCode != null) {
                destinations.add(h.destinationSiteCode);
            }
            add(objects, o);
            add(clients, cl);
            lastGathering = max(lastGathering, hLastGathering);
            objectsUpdated = max(objectsUpdated, hObjectsUpdated);
            for (SiteView s : hs) {
                String kind = GatheringCodes.kind(s.statusCode);
                gathering += kind.equals("GATHERING") ? 1 : 0;
                failed += kind.equals("FAILED") ? 1 : 0;
            }
        }
        Map<String, Long> jobs = new HashMap<>();
        String jobWhere = hierarchyFilter == null ? "" : " where j.hierarchyId = :h";
        TypedQuery<Object[]> q = em.createQuery("select j.status, count(j) from JobView j" + jobWhere + " group by j.status", Object[].class);
        if (hierarchyFilter != null) {
            q.setParameter("h", hierarchyFilter);
        }
        q.getResultList().forEach(r -> jobs.put((String) r[0], (Long) r[1]));
        long jobsTotal = jobs.entrySet().stream().filter(e -> !e.getKey().equals("DELETED")).mapToLong(Map.Entry::getValue).sum();
        TypedQuery<Instant> jq = em.createQuery("select max(j.occurredAt) from JobView j" + jobWhere, Instant.class);
        if (hierarchyFilter != null) {
            jq.setParameter("h", hierarchyFilter);
        }
        Instant jobsUpdated = jq.getSingleResult();
        List<DpView> dps = hierarchyFilter == null ? DpView.listAll() : DpView.list("hierarchyId", hierarchyFilter);
        long shared = dps.stream().filter(d -> d.shared).count();
        long inQueue = dps.stream().filter(d -> inQueue(d.state)).count();
        return new Summary(ids.size(), sites, destinations.size(), objects[0], objects[1], objects[2], objects[3],
                clients[0], clients[1], clients[2], clients[3], jobsTotal, jobs.getOrDefault("COMPLETED", 0L),
                jobs.getOrDefault("FAILED", 0L), jobs.getOrDefault("RUNNING", 0L), jobs.getOrDefault("NOT_STARTED", 0L),
                jobs.getOrDefault("STOPPED", 0L), gathering, failed, shared, inQueue, lastGathering, objectsUpdated, clientsUpdated,
                jobsUpdated, Instant.now(), figures);
    }

    /** Distinct objects and clients completed in some job of a hierarchy (when no catalogue figures arrived). */
    private long[] migratedInJobs(String hierarchyId) {
        List<Object[]> rows = em.createQuery("select o.objectType, count(distinct o.objectKey) from JobObjectView o where o.status = :done"
                + " and (o.hierarchyId = :h or (o.hierarchyId is null and o.jobId in (select j.jobId from JobView j where j.hierarchyId = :h)))"
                + " group by o.objectType", Object[].class)
                .setParameter("done", JobObjectStatusEvent.Status.COMPLETED.name()).setParameter("h", hierarchyId).getResultList();
        long[] out = new long[2];
        for (Object[] r : rows) {
            out[ObjectType.CLIENT.name().equals(r[0]) ? 1 : 0] += ((Number) r[1]).longValue();
        }
        return out;
    }

    private Instant lastObjectUpdate(String hierarchyId) {
        return em.createQuery("select max(o.occurredAt) from JobObjectView o where o.hierarchyId = :h", Instant.class)
                .setParameter("h", hierarchyId).getSingleResult();
    }

    public Page<Job> jobs(String status, String hierarchyId, String q, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.append(" and j.status = :status");
            params.put("status", status);
        }
        if (hierarchyId != null) {
            where.append(" and j.hierarchyId = :h");
            params.put("h", hierarchyId);
        }
        if (q != null) {
            where.append(" and (lower(j.jobName) like :q escape '!' or lower(j.jobId) like :q escape '!')");
            params.put("q", like(q));
        }
        TypedQuery<JobView> list = em.createQuery("from JobView j" + where
                + " order by coalesce(j.startedAt, j.createdAt, j.occurredAt) desc, j.jobId", JobView.class);
        TypedQuery<Long> count = em.createQuery("select count(j) from JobView j" + where, Long.class);
        params.forEach((k, v) -> {
            list.setParameter(k, v);
            count.setParameter(k, v);
        });
        List<Job> items = list.setFirstResult(page * size).setMaxResults(size).getResultList().stream().map(DashboardQueries::job).toList();
        return new Page<>(items, count.getSingleResult(), page, size);
    }

    public Job job(String jobId) {
        JobView j = JobView.findById(jobId);
        return j == null ? null : job(j);
    }

    public List<Job> jobsByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("from JobView j where j.jobId in :ids order by j.jobId", JobView.class).setParameter("ids", ids)
                .getResultList().stream().map(DashboardQueries::job).toList();
    }

    public boolean jobKnown(String jobId) {
        return JobView.findById(jobId) != null || JobObjectView.count("jobId", jobId) > 0;
    }

    public Page<JobObject> jobObjects(String jobId, String status, String q, int page, int size) {
        StringBuilder where = new StringBuilder(" where o.jobId = :job");
        Map<String, Object> params = new HashMap<>();
        params.put("job", jobId);
        if (status != null) {
            where.append(" and o.status = :status");
            params.put("status", status);
        }
        if (q != null) {
            where.append(" and (lower(o.name) like :q escape '!' or lower(o.objectKey) like :q escape '!'"
                    + " or lower(o.message) like :q escape '!')");
            params.put("q", like(q));
        }
        TypedQuery<JobObjectView> list = em.createQuery("from JobObjectView o" + where + " order by o.objectKey", JobObjectView.class);
        TypedQuery<Long> count = em.createQuery("select count(o) from JobObjectView o" + where, Long.class);
        params.forEach((k, v) -> {
            list.setParameter(k, v);
            count.setParameter(k, v);
        });
        List<JobObject> items = list.setFirstResult(page * size).setMaxResults(size).getResultList().stream()
                .map(DashboardQueries::jobObject).toList();
        return new Page<>(items, count.getSingleResult(), page, size);
    }

    /** Objects per status within a job (for the drill-down's filter buttons). */
    public Map<String, Long> jobObjectCounts(String jobId) {
        Map<String, Long> out = new LinkedHashMap<>();
        Arrays.stream(JobObjectStatusEvent.Status.values()).forEach(s -> out.put(s.name(), 0L));
        em.createQuery("select o.status, count(o) from JobObjectView o where o.jobId = :job group by o.status", Object[].class)
                .setParameter("job", jobId).getResultList().forEach(r -> out.put((String) r[0], (Long) r[1]));
        return out;
    }

    public List<Site> sites(String hierarchyId) {
        List<SiteView> rows = hierarchyId == null ? SiteView.list("order by hierarchyId, siteCode")
                : SiteView.list("hierarchyId = ?1 order by siteCode", hierarchyId);
        return rows.stream().map(DashboardQueries::site).toList();
    }

    public List<Hierarchy> hierarchies() {
        Map<String, List<Site>> sitesByHierarchy = sites(null).stream().collect(Collectors.groupingBy(Site::hierarchyId, TreeMap::new,
                Collectors.toList()));
        Map<String, HierarchyView> known = HierarchyView.<HierarchyView>listAll().stream().collect(Collectors.toMap(h -> h.hierarchyId, h -> h));
        Set<String> ids = new TreeSet<>(known.keySet());
        ids.addAll(sitesByHierarchy.keySet());
        List<Hierarchy> out = new ArrayList<>();
        for (String id : ids) {
            HierarchyView h = known.get(id);
            List<Site> s = sitesByHierarchy.getOrDefault(id, List.of());
            out.add(h == null ? new Hierarchy(id, null, null, null, null, "ACTIVE", null, null, null, s)
                    : new Hierarchy(id, h.topSiteCode, h.topSiteServer, h.sourceVersion, h.destinationSiteCode, h.state, h.lastAction,
                            h.message, h.occurredAt, s));
        }
        return out;
    }

    public Dps dps(String hierarchyId, String state) {
        List<DpView> rows = hierarchyId == null ? DpView.list("order by hierarchyId, siteCode, nalPath")
                : DpView.list("hierarchyId = ?1 order by siteCode, nalPath", hierarchyId);
        List<Dp> all = rows.stream().map(DashboardQueries::dp).toList();
        Map<String, Long> byState = all.stream().collect(Collectors.groupingBy(Dp::state, TreeMap::new, Collectors.counting()));
        List<Dp> items = state == null ? all : all.stream().filter(d -> d.state().equalsIgnoreCase(state)).toList();
        List<Dp> queue = all.stream().filter(Dp::inQueue).sorted(Comparator.comparing(Dp::lastUpdated)).toList();
        return new Dps(items, byState, all.stream().filter(Dp::shared).count(),
                all.stream().filter(d -> Boolean.TRUE.equals(d.eligible())).count(),
                all.stream().filter(d -> Boolean.FALSE.equals(d.eligible())).count(),
                all.stream().filter(d -> d.eligible() == null).count(), queue);
    }

    public ObjectsByType objectsByType(String hierarchyId) {
        Set<String> cleanedUp = HierarchyView.<HierarchyView>list("state", "CLEANED_UP").stream().map(h -> h.hierarchyId)
                .collect(Collectors.toSet());
        List<CatalogueView> rows = hierarchyId == null ? CatalogueView.listAll() : CatalogueView.list("hierarchyId", hierarchyId);
        Map<String, Map<String, Long>> sum = new TreeMap<>();
        Set<String> states = new TreeSet<>();
        Instant updated = null;
        for (CatalogueView c : rows) {
            if (c.countsJson == null || (hierarchyId == null && cleanedUp.contains(c.hierarchyId))) {
                continue;
            }
            updated = max(updated, c.occurredAt);
            Map<String, Map<String, Long>> counts = readJson(c.countsJson, new TypeReference<Map<String, Map<String, Long>>>() {
            });
            counts.forEach((type, byState) -> byState.forEach((st, n) -> {
                states.add(st);
                sum.computeIfAbsent(type, t -> new TreeMap<>()).merge(st, n, Long::sum);
            }));
        }
        List<TypeStates> types = sum.entrySet().stream()
                .map(e -> new TypeStates(e.getKey(), e.getValue().values().stream().mapToLong(Long::longValue).sum(), e.getValue()))
                .toList();
        return new ObjectsByType(new ArrayList<>(states), types, updated);
    }

    public Throughput throughput(int minutes) {
        Instant latest = em.createQuery("select max(b.bucketStart) from ThroughputBucket b", Instant.class).getSingleResult();
        if (latest == null) {
            return new Throughput(bucketSeconds, List.of());
        }
        Instant from = latest.minus(Duration.ofMinutes(minutes));
        Map<Instant, ThroughputBucket> rows = em.createQuery("from ThroughputBucket b where b.bucketStart > :from", ThroughputBucket.class)
                .setParameter("from", from).getResultList().stream().collect(Collectors.toMap(b -> b.bucketStart, b -> b));
        Instant first = rows.keySet().stream().min(Comparator.naturalOrder()).orElse(latest);
        List<ThroughputPoint> points = new ArrayList<>();
        for (Instant t = first; !t.isAfter(latest); t = t.plusSeconds(bucketSeconds)) {
            ThroughputBucket b = rows.get(t);
            long m = b == null ? 0 : b.objectsMigrated;
            long f = b == null ? 0 : b.objectsFailed;
            points.add(new ThroughputPoint(t, m, f, round((double) m / bucketSeconds)));
        }
        return new Throughput(bucketSeconds, points);
    }

    static Job job(JobView j) {
        long done = j.migrated + j.failed + j.skipped;
        double percent = j.total <= 0 ? (j.status.equals("COMPLETED") ? 100.0 : 0.0) : Math.min(100.0, round(100.0 * done / j.total));
        Double duration = null;
        Double rate = null;
        if (j.startedAt != null) {
            Instant end = j.endedAt != null ? j.endedAt : j.status.equals(JobStatusEvent.Status.RUNNING.name()) ? Instant.now() : j.occurredAt;
            double seconds = Math.max(0, Duration.between(j.startedAt, end).toMillis() / 1000.0);
            duration = round(seconds);
            rate = seconds > 0 ? round(j.migrated / seconds) : null;
        }
        return new Job(j.jobId, j.jobName, j.jobType, j.hierarchyId, j.status, StatusOrder.jobStatusCode(j.status), j.total, j.migrated,
                j.failed, j.skipped, Math.max(0, j.total - done), percent, j.createdAt, j.startedAt, j.endedAt, j.nextRunAt, j.occurredAt,
                duration, rate, j.message);
    }

    static JobObject jobObject(JobObjectView o) {
        return new JobObject(o.jobId, o.objectKey, o.hierarchyId, o.siteCode, o.objectType, o.sourceId, o.name, o.status, o.messageCode,
                o.message, o.occurredAt);
    }

    static Site site(SiteView s) {
        Map<String, Map<String, Long>> counts = s.countsJson == null ? Map.of()
                : readJson(s.countsJson, new TypeReference<TreeMap<String, Map<String, Long>>>() {
                });
        String name = s.status != null ? s.status : s.statusCode == null ? null : GatheringCodes.name(s.statusCode);
        return new Site(s.hierarchyId, s.siteCode, s.parentSiteCode, s.serverName, s.version, s.siteType, s.configured, s.dpSharingEnabled,
                s.gatheringStopped, s.statusCode, name, GatheringCodes.kind(s.statusCode), s.statusMessage, s.runId, s.runStartedAt,
                s.runFinishedAt, s.lastSuccessAt, s.nextRunAt, counts, max(s.statusAt, s.siteInfoAt));
    }

    static Dp dp(DpView d) {
        List<String> reasons = d.reasons == null ? List.of() : Arrays.asList(d.reasons.split("; "));
        return new Dp(d.hierarchyId, d.siteCode, d.nalPath, d.serverName, d.state, d.shared, d.eligible, d.eligibilityKind, reasons,
                d.hostedPackages, d.availablePackages, d.destinationSiteCode, d.message, inQueue(d.state), d.occurredAt);
    }

    static boolean inQueue(String state) {
        String s = state.toUpperCase(Locale.ROOT);
        return QUEUE_WORDS.stream().anyMatch(s::contains);
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored counts are not JSON", e);
        }
    }

    private static String like(String q) {
        String escaped = q.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + escaped + "%";
    }

    private static void add(long[] sum, Counters c) {
        sum[0] += c.total();
        sum[1] += c.migrated();
        sum[2] += c.excluded();
        sum[3] += c.remaining();
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
