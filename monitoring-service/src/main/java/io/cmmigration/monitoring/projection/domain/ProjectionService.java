package io.cmmigration.monitoring.projection.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cmmigration.events.CatalogueStatusEvent;
import io.cmmigration.events.DpStatusEvent;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.EventCodec.MalformedEventException;
import io.cmmigration.events.GatheringStatusEvent;
import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusBatchEvent.JobObjectStatus;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.monitoring.metrics.MonitoringMetrics;
import io.cmmigration.monitoring.projection.persistence.BatchInbox;
import io.cmmigration.monitoring.projection.persistence.CatalogueView;
import io.cmmigration.monitoring.projection.persistence.DpView;
import io.cmmigration.monitoring.projection.persistence.HierarchyView;
import io.cmmigration.common.sql.TableStatistics;
import io.cmmigration.monitoring.projection.persistence.HistoryEntry;
import io.cmmigration.monitoring.projection.persistence.JobObjectView;
import io.cmmigration.monitoring.projection.persistence.JobView;
import io.cmmigration.monitoring.projection.persistence.SiteView;
import io.cmmigration.monitoring.projection.persistence.ThroughputBucket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies status events to the projections. Every event is applied at most once (inbox rows of the service-common
 * {@code processed_event} table, written in bulk by {@link BatchInbox} in the same transaction) and in any
 * order: each row keeps the occurredAt of the report it shows and only a newer report replaces it, so redelivery,
 * late publication and a full replay all end in the same figures. Live consumers and the rebuild share one lock, so a
 * rebuild's delete never interleaves with an event half applied.
 */
@ApplicationScoped
public class ProjectionService {

    /** Consumer name of this service's inbox rows (the rebuild clears exactly these). */
    public static final String INBOX_CONSUMER = "monitoring-projection";

    @Inject
    EntityManager em;

    @Inject
    MonitoringMetrics metrics;

    @Inject
    TableStatistics statistics;

    @ConfigProperty(name = "cmm.monitoring.throughput-bucket-seconds", defaultValue = "10")
    int bucketSeconds;

    private final ReentrantLock lock = new ReentrantLock(true);

    /** An event as received from a topic: the decoded record and its original text (kept in the history). */
    public record Received(Topic topic, String json, MigrationEvent event) {
    }

    /** Decodes a record of a topic; anything that is not a well-formed event of that topic is malformed. */
    public static Received decode(Topic topic, String json) {
        MigrationEvent event = EventCodec.decode(json);
        if (!topic.valueTypes().contains(event.getClass())) {
            throw new MalformedEventException(event.getClass().getSimpleName() + " does not belong on " + topic.topicName());
        }
        return new Received(topic, json, event);
    }

    /**
     * Applies events in one transaction, as if they were applied one after the other in list order: the batch only
     * changes how the database is read and written. The inbox is asked once for all event ids; the rows the batch
     * touches are loaded once and stay managed for the whole batch, so several events for one row (a job's progress
     * reports, an object's RUNNING then COMPLETED) pass through the newest-wins rules in memory and end in one UPDATE;
     * new rows, inbox rows and history rows are inserted as JDBC batches at commit. Nothing is read by query after
     * the first write, so Hibernate never flushes half a batch early. {@code live} false (a rebuild's replay) keeps
     * metrics counters untouched: they count what happened once, not how often it was replayed.
     */
    public Change apply(List<Received> events, boolean live) {
        lock.lock();
        try {
            List<Runnable> afterCommit = new ArrayList<>();
            Change change = QuarkusTransaction.requiringNew().call(() -> applyBatch(events, live ? afterCommit : null));
            afterCommit.forEach(Runnable::run);
            return change;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The objects' statuses an event carries, as a batch: a {@link JobObjectStatusBatchEvent} as it is, a single
     * {@link JobObjectStatusEvent} as a batch of one (so both take one code path); null for other events.
     */
    static JobObjectStatusBatchEvent objectStatuses(MigrationEvent e) {
        if (e instanceof JobObjectStatusBatchEvent b) {
            return b;
        }
        return e instanceof JobObjectStatusEvent single ? JobObjectStatusBatchEvent.of(single) : null;
    }

    /**
     * How much applying an event costs, in events: the number of objects it carries (a chunk of a job is up to 1,000
     * objects, each a row to read and write), 1 for every other event. Micro-batches and rebuild batches are sized by it.
     */
    public static int weight(MigrationEvent e) {
        return e instanceof JobObjectStatusBatchEvent b ? b.objects().size() : 1;
    }

    /**
     * Splits received events, in order, into batches of about {@code maxWeight}: a batch takes the next event while its
     * weight is below the limit, so it holds at least one event and exceeds the limit by less than one event's weight.
     */
    public static List<List<Received>> byWeight(List<Received> events, int maxWeight) {
        List<List<Received>> out = new ArrayList<>();
        List<Received> current = new ArrayList<>();
        int weight = 0;
        for (Received r : events) {
            if (weight >= maxWeight) {
                out.add(current);
                current = new ArrayList<>();
                weight = 0;
            }
            current.add(r);
            weight += weight(r.event());
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** Runs work while no event is being applied (the rebuild's delete). */
    public void exclusively(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /** Rows a batch works on that cannot be found by primary key (objects in jobs), loaded once per batch. */
    private static final class Batch {
        final Map<String, JobObjectView> objects;

        Batch(Map<String, JobObjectView> objects) {
            this.objects = objects;
        }

        static String key(String jobId, String objectKey) {
            return jobId + '\u0000' + objectKey;
        }
    }

    private Change applyBatch(List<Received> events, List<Runnable> afterCommit) {
        Change change = new Change();
        // Reads first (inbox, objects in jobs, history), then only em.find and writes: no auto-flush mid-batch.
        Set<String> processed = BatchInbox.alreadyProcessed(em, events.stream().map(r -> r.event().eventId().toString()).toList());
        List<Received> fresh = new ArrayList<>(events.size());
        Set<String> freshIds = new HashSet<>();
        Map<Topic, Long> duplicates = new EnumMap<>(Topic.class);
        for (Received r : events) {
            String id = r.event().eventId().toString();
            if (processed.contains(id) || !freshIds.add(id)) {
                duplicates.merge(r.topic(), 1L, Long::sum); // applied before, or twice in this batch
            } else {
                fresh.add(r);
            }
        }
        if (afterCommit != null) {
            duplicates.forEach((topic, n) -> afterCommit.add(() -> metrics.duplicate(topic, n)));
        }
        if (fresh.isEmpty()) {
            return change;
        }
        Batch batch = new Batch(loadJobObjects(fresh));
        Set<String> inHistory = HistoryEntry.eventIdsAmong(em, freshIds);

        BatchInbox.record(em, freshIds, INBOX_CONSUMER);
        List<HistoryEntry> history = new ArrayList<>(fresh.size());
        Map<Topic, Long> applied = new EnumMap<>(Topic.class);
        for (Received r : fresh) {
            applyOne(r, batch, change, afterCommit, history);
            applied.merge(r.topic(), 1L, Long::sum);
        }
        // The history survives rebuilds (it may hold events the topics no longer retain): add each event once.
        int historyAdded = 0;
        for (HistoryEntry h : history) {
            if (!inHistory.contains(h.eventId)) {
                h.persist();
                historyAdded++;
            }
        }
        // Rows for the planner statistics: every lookup of a batch is "key in (up to 1,000 keys)" on these tables.
        statistics.changed("mon_job_object", batch.objects.size());
        statistics.changed("processed_event", freshIds.size());
        statistics.changed("mon_history", historyAdded);
        change.kind(Change.HISTORY);
        if (afterCommit != null) {
            applied.forEach((topic, n) -> afterCommit.add(() -> metrics.applied(topic, n)));
        }
        return change;
    }

    /**
     * The object-in-job rows the batch's object statuses name (single and chunk events), keyed by Batch.key. Looked up
     * by object key alone (index ix_mon_job_object_key) and matched to the job here: with "job_id = ? and object_key in
     * (...)" PostgreSQL's generic plan for the prepared statement uses the unique index on job_id only and reads every
     * row of the job, so a batch of a 200,000-object job would get slower with each batch. An object is in few jobs, so few extra rows.
     */
    private Map<String, JobObjectView> loadJobObjects(List<Received> fresh) {
        Set<String> wanted = new HashSet<>();
        Set<String> objectKeys = new HashSet<>();
        for (Received r : fresh) {
            JobObjectStatusBatchEvent statuses = objectStatuses(r.event());
            if (statuses != null) {
                for (JobObjectStatus o : statuses.objects()) {
                    wanted.add(Batch.key(statuses.jobId(), o.objectKey()));
                    objectKeys.add(o.objectKey());
                }
            }
        }
        Map<String, JobObjectView> found = new HashMap<>();
        for (List<String> chunk : BatchInbox.chunks(objectKeys)) {
            em.createQuery("from JobObjectView where objectKey in :keys", JobObjectView.class).setParameter("keys", chunk)
                    .getResultStream().filter(o -> wanted.contains(Batch.key(o.jobId, o.objectKey)))
                    .forEach(o -> found.put(Batch.key(o.jobId, o.objectKey), o));
        }
        return found;
    }

    /** Applies one event and adds its history rows (one, or for a batch of objects see {@link #applyJobObjects}). */
    private void applyOne(Received r, Batch batch, Change change, List<Runnable> afterCommit, List<HistoryEntry> history) {
        MigrationEvent e = r.event();
        HistoryEntry h = historyEntry(r);
        JobObjectStatusBatchEvent statuses = objectStatuses(e);
        if (statuses != null) {
            applyJobObjects(statuses, r, h, change, batch, history);
            return;
        }
        if (e instanceof HierarchyEvent x) {
            applyHierarchy(x, h, change);
        } else if (e instanceof GatheringStatusEvent x) {
            applyGathering(x, h, change, afterCommit);
        } else if (e instanceof JobStatusEvent x) {
            applyJob(x, h, change, afterCommit);
        } else if (e instanceof CatalogueStatusEvent x) {
            applyCatalogue(x, h, change);
        } else if (e instanceof DpStatusEvent x) {
            applyDp(x, h, change);
        } else {
            throw new MalformedEventException(e.getClass().getSimpleName() + " is not a status event");
        }
        history.add(fitted(h));
    }

    private static HistoryEntry historyEntry(Received r) {
        MigrationEvent e = r.event();
        HistoryEntry h = new HistoryEntry();
        h.eventId = e.eventId().toString();
        h.eventType = e.getClass().getSimpleName().replace("Event", "");
        h.topic = r.topic().topicName();
        h.occurredAt = micros(e.occurredAt());
        h.receivedAt = micros(Instant.now());
        h.payload = r.json();
        return h;
    }

    private static HistoryEntry fitted(HistoryEntry h) {
        h.summary = truncate(h.summary, 2000);
        h.status = truncate(h.status, 100);
        return h;
    }

    private void applyHierarchy(HierarchyEvent e, HistoryEntry h, Change change) {
        Instant at = micros(e.occurredAt());
        h.hierarchyId = e.hierarchyId();
        h.siteCode = e.siteCode();
        h.status = e.action().name();
        h.summary = "Hierarchy " + e.hierarchyId() + ": " + e.action() + (e.siteCode() == null ? "" : " (site " + e.siteCode() + ")")
                + (e.message() == null ? "" : " - " + e.message());
        HierarchyView v = HierarchyView.findById(e.hierarchyId());
        if (v == null) {
            v = new HierarchyView();
            v.hierarchyId = e.hierarchyId();
            v.state = "ACTIVE";
        }
        boolean newest = StatusOrder.newerOrSame(v.occurredAt, at);
        if (newest || v.topSiteCode == null) {
            v.topSiteCode = coalesce(e.topSiteCode(), v.topSiteCode);
            v.topSiteServer = coalesce(e.topSiteServer(), v.topSiteServer);
            v.sourceVersion = coalesce(e.sourceVersion(), v.sourceVersion);
            v.destinationSiteCode = coalesce(e.destinationSiteCode(), v.destinationSiteCode);
        }
        if (newest) {
            switch (e.action()) {
                case INACTIVATED -> v.state = "INACTIVE";
                case CLEANED_UP -> v.state = "CLEANED_UP";
                case SPECIFIED, ACTIVATED -> v.state = "ACTIVE";
                default -> {
                    // site-level actions leave the hierarchy's state as it is
                }
            }
            v.lastAction = e.action().name();
            v.message = truncate(e.message(), 2000);
            v.occurredAt = at;
        }
        v.persist();
        if (e.topSiteCode() != null) {
            SiteView top = site(e.hierarchyId(), e.topSiteCode());
            if (StatusOrder.newerOrSame(top.siteInfoAt, at)) {
                top.serverName = coalesce(e.topSiteServer(), top.serverName);
                top.version = coalesce(e.sourceVersion(), top.version);
                top.siteInfoAt = at;
            }
            top.persist();
        }
        if (e.sites() != null) {
            for (HierarchyEvent.Site s : e.sites()) {
                SiteView site = site(e.hierarchyId(), s.siteCode());
                if (StatusOrder.newerOrSame(site.siteInfoAt, at)) {
                    site.parentSiteCode = s.parentSiteCode();
                    site.serverName = coalesce(s.serverName(), site.serverName);
                    site.version = coalesce(s.version(), site.version);
                    site.siteType = s.siteType();
                    site.configured = s.configured();
                    site.dpSharingEnabled = s.dpSharingEnabled();
                    site.gatheringStopped = s.gatheringStopped();
                    site.siteInfoAt = at;
                }
                site.persist();
            }
        } else if (e.action() == HierarchyEvent.Action.GATHERING_STOPPED && e.siteCode() != null) {
            SiteView site = site(e.hierarchyId(), e.siteCode());
            if (StatusOrder.newerOrSame(site.siteInfoAt, at)) {
                site.gatheringStopped = true;
                site.siteInfoAt = at;
            }
            site.persist();
        }
        change.kind(Change.SUMMARY).kind(Change.SITES);
    }

    private void applyGathering(GatheringStatusEvent e, HistoryEntry h, Change change, List<Runnable> afterCommit) {
        Instant at = micros(e.occurredAt());
        h.hierarchyId = e.hierarchyId();
        h.siteCode = e.siteCode();
        h.status = e.statusCode() + " " + e.status();
        h.summary = "Gathering " + e.hierarchyId() + "/" + e.siteCode() + ": " + e.statusCode() + " " + e.status()
                + (e.runId() == null ? "" : " (run " + e.runId() + ")") + (e.message() == null ? "" : " - " + e.message());
        SiteView site = site(e.hierarchyId(), e.siteCode());
        if (StatusOrder.newerOrSame(site.statusAt, at)) {
            site.statusCode = e.statusCode();
            site.status = e.status();
            site.statusMessage = truncate(e.message(), 2000);
            site.runId = e.runId();
            site.runStartedAt = micros(e.startedAt());
            site.runFinishedAt = micros(e.finishedAt());
            site.nextRunAt = micros(e.nextRunAt());
            if (e.counts() != null && !e.counts().isEmpty()) {
                site.countsJson = json(e.counts());
            }
            site.statusAt = at;
        }
        Instant success = e.lastSuccessAt();
        if (e.statusCode() == GatheringCodes.READY && e.finishedAt() != null) {
            success = max(success, e.finishedAt());
        }
        site.lastSuccessAt = max(site.lastSuccessAt, micros(success));
        site.persist();
        if (afterCommit != null && e.finishedAt() != null) {
            boolean ok = e.statusCode() == GatheringCodes.READY;
            boolean failed = GatheringCodes.isFailure(e.statusCode());
            Duration took = e.startedAt() == null ? null : Duration.between(e.startedAt(), e.finishedAt());
            if (ok || failed) {
                afterCommit.add(() -> metrics.gatheringRun(ok, took));
            }
        }
        change.kind(Change.SUMMARY).kind(Change.SITES);
    }

    private void applyJob(JobStatusEvent e, HistoryEntry h, Change change, List<Runnable> afterCommit) {
        Instant at = micros(e.occurredAt());
        h.hierarchyId = e.hierarchyId();
        h.jobId = e.jobId();
        h.status = e.status().name();
        h.summary = "Job " + e.jobId() + " '" + e.jobName() + "': " + e.status() + " - " + e.migrated() + " migrated, " + e.failed()
                + " failed, " + e.skipped() + " skipped of " + e.total() + (e.message() == null ? "" : " - " + e.message());
        JobView job = JobView.findById(e.jobId());
        boolean isNew = job == null;
        if (isNew) {
            job = new JobView();
            job.jobId = e.jobId();
        }
        long nextProgress = e.migrated() + e.failed() + e.skipped();
        long currentProgress = job.migrated + job.failed + job.skipped;
        if (!StatusOrder.jobReplaces(job.status, job.occurredAt, currentProgress, e.status(), at, nextProgress)) {
            return; // an older or regressing report: kept in the history only
        }
        long migratedDelta = Math.max(0, e.migrated() - job.migrated);
        long failedDelta = Math.max(0, e.failed() - job.failed);
        boolean wasFinished = job.status != null && JobStatusEvent.Status.valueOf(job.status) != JobStatusEvent.Status.RUNNING
                && JobStatusEvent.Status.valueOf(job.status) != JobStatusEvent.Status.NOT_STARTED;
        job.jobName = truncate(e.jobName(), 400);
        job.jobType = e.jobType().name();
        job.hierarchyId = coalesce(e.hierarchyId(), job.hierarchyId);
        job.status = e.status().name();
        job.total = e.total();
        job.migrated = e.migrated();
        job.failed = e.failed();
        job.skipped = e.skipped();
        job.createdAt = coalesce(micros(e.createdAt()), job.createdAt);
        job.startedAt = coalesce(micros(e.startedAt()), job.startedAt);
        job.endedAt = micros(e.endedAt());
        job.nextRunAt = micros(e.nextRunAt());
        job.message = truncate(e.message(), 2000);
        job.occurredAt = at;
        job.persist();
        if (migratedDelta > 0 || failedDelta > 0) {
            Instant start = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), bucketSeconds) * bucketSeconds);
            ThroughputBucket b = ThroughputBucket.findById(start);
            if (b == null) {
                b = new ThroughputBucket();
                b.bucketStart = start;
            }
            b.objectsMigrated += migratedDelta;
            b.objectsFailed += failedDelta;
            b.persist();
        }
        if (afterCommit != null) {
            long delta = migratedDelta;
            afterCommit.add(() -> metrics.objectsMigrated(delta));
            boolean finished = e.status() == JobStatusEvent.Status.COMPLETED || e.status() == JobStatusEvent.Status.FAILED
                    || e.status() == JobStatusEvent.Status.STOPPED;
            if (finished && !wasFinished && e.startedAt() != null && e.endedAt() != null) {
                Duration took = Duration.between(e.startedAt(), e.endedAt());
                String status = e.status().name();
                afterCommit.add(() -> metrics.jobFinished(status, took));
            }
        }
        change.kind(Change.SUMMARY).kind(Change.JOBS).job(e.jobId());
    }

    /**
     * Applies the statuses of objects in a job (a chunk's batch, or a single event as a batch of one) entry by entry,
     * with the same newest-wins rule for each object row; rows stay managed for the whole micro-batch, so an object
     * reported again later in it ends in one UPDATE, and new rows are inserted as one JDBC batch.
     * <p>
     * History, written for an operator reading it: an event about one object is one row about that object, as it has
     * always been. An event about many objects is one row for the event ({@code status} and {@code summary} count the
     * objects by status; the payload is the event as received, every object in it) plus one row per FAILED object
     * (object key, type, site, message; its payload is the event narrowed to that object), inserted before the
     * event's row so that, newest first, the summary heads its failures. Failures therefore stay searchable by object
     * key and site like before, while a chunk of 1,000 completed objects is one line rather than 1,000; the objects'
     * current statuses are in the job's object view (GET /api/jobs/{id}/objects).
     */
    private void applyJobObjects(JobObjectStatusBatchEvent e, Received r, HistoryEntry h, Change change, Batch batch,
            List<HistoryEntry> history) {
        Instant at = micros(e.occurredAt());
        h.hierarchyId = e.hierarchyId();
        h.jobId = e.jobId();
        boolean many = e.objects().size() > 1;
        Map<String, JobObjectStatus> failures = new LinkedHashMap<>(); // one row per failed object, reported twice or not
        for (JobObjectStatus o : e.objects()) {
            applyJobObject(e.jobId(), e.hierarchyId(), at, o, batch);
            if (many && o.status() == JobObjectStatusEvent.Status.FAILED) {
                failures.put(o.objectKey(), o);
            }
        }
        int part = 0;
        for (JobObjectStatus o : failures.values()) {
            HistoryEntry failure = historyEntry(r);
            failure.part = ++part;
            failure.hierarchyId = e.hierarchyId();
            failure.jobId = e.jobId();
            describe(failure, e.jobId(), o);
            failure.payload = EventCodec.encode(new JobObjectStatusBatchEvent(e.eventId(), e.schemaVersion(), e.occurredAt(), e.jobId(),
                    e.hierarchyId(), List.of(o)));
            history.add(fitted(failure));
        }
        if (many) {
            Map<JobObjectStatusEvent.Status, Long> byStatus = new EnumMap<>(JobObjectStatusEvent.Status.class);
            Map<String, Long> byType = new LinkedHashMap<>();
            Set<String> sites = new HashSet<>();
            for (JobObjectStatus o : e.objects()) {
                byStatus.merge(o.status(), 1L, Long::sum);
                byType.merge(o.objectType().name(), 1L, Long::sum);
                sites.add(o.siteCode());
            }
            h.siteCode = sites.size() == 1 ? sites.iterator().next() : null;
            h.objectType = byType.size() == 1 ? byType.keySet().iterator().next() : null;
            h.status = String.join(", ", byStatus.entrySet().stream().map(x -> x.getValue() + " " + x.getKey()).toList());
            h.summary = "Job " + e.jobId() + ": " + e.objects().size() + " objects - " + String.join(", ",
                    byStatus.entrySet().stream().map(x -> x.getValue() + " " + x.getKey().name().toLowerCase().replace('_', ' ')).toList())
                    + " (" + String.join(", ", byType.entrySet().stream().map(x -> x.getValue() + " " + x.getKey()).toList()) + ")";
        } else {
            describe(h, e.jobId(), e.objects().get(0));
        }
        history.add(fitted(h));
        change.kind(Change.OBJECTS).job(e.jobId());
    }

    /** The history row of one object's status, as a log line would read. */
    private static void describe(HistoryEntry h, String jobId, JobObjectStatus o) {
        h.siteCode = o.siteCode();
        h.objectKey = o.objectKey();
        h.objectType = o.objectType().name();
        h.status = o.status().name();
        h.summary = "Job " + jobId + " object " + o.objectKey() + (o.name() == null ? "" : " '" + o.name() + "'") + ": " + o.status()
                + (o.messageCode() == 0 ? "" : " [" + o.messageCode() + "]") + (o.message() == null ? "" : " - " + o.message());
    }

    private void applyJobObject(String jobId, String hierarchyId, Instant at, JobObjectStatus e, Batch batch) {
        String key = e.objectKey();
        JobObjectView o = batch.objects.get(Batch.key(jobId, key));
        if (o == null) {
            o = new JobObjectView();
            o.jobId = jobId;
            o.objectKey = key;
            batch.objects.put(Batch.key(jobId, key), o); // a later event of the batch updates this row, not a second one
        } else if (!StatusOrder.objectReplaces(o.status, o.occurredAt, e.status(), at)) {
            return;
        }
        o.hierarchyId = coalesce(hierarchyId, o.hierarchyId);
        o.siteCode = e.siteCode();
        o.objectType = e.objectType().name();
        o.sourceId = e.sourceId();
        o.name = coalesce(truncate(e.name(), 400), o.name);
        o.status = e.status().name();
        o.messageCode = e.messageCode();
        o.message = truncate(e.message(), 2000);
        o.occurredAt = at;
        o.persist();
    }

    private void applyCatalogue(CatalogueStatusEvent e, HistoryEntry h, Change change) {
        Instant at = micros(e.occurredAt());
        h.hierarchyId = e.hierarchyId();
        h.status = e.objectsMigrated() + "/" + e.objectsTotal() + " objects migrated";
        h.summary = "Catalogue " + e.hierarchyId() + ": objects " + e.objectsMigrated() + " migrated, " + e.objectsExcluded()
                + " excluded, " + e.objectsRemaining() + " remaining of " + e.objectsTotal() + "; clients " + e.clientsMigrated()
                + " migrated, " + e.clientsExcluded() + " excluded, " + e.clientsRemaining() + " remaining of " + e.clientsTotal();
        CatalogueView c = CatalogueView.findById(e.hierarchyId());
        if (c == null) {
            c = new CatalogueView();
            c.hierarchyId = e.hierarchyId();
        } else if (!StatusOrder.newerOrSame(c.occurredAt, at)) {
            return;
        }
        c.objectsTotal = e.objectsTotal();
        c.objectsMigrated = e.objectsMigrated();
        c.objectsExcluded = e.objectsExcluded();
        c.objectsRemaining = e.objectsRemaining();
        c.clientsTotal = e.clientsTotal();
        c.clientsMigrated = e.clientsMigrated();
        c.clientsExcluded = e.clientsExcluded();
        c.clientsRemaining = e.clientsRemaining();
        c.countsJson = e.countsByTypeAndState() == null ? null : json(e.countsByTypeAndState());
        c.occurredAt = at;
        c.persist();
        change.kind(Change.SUMMARY).kind(Change.CATALOGUE);
    }

    private void applyDp(DpStatusEvent e, HistoryEntry h, Change change) {
        Instant at = micros(e.occurredAt());
        h.hierarchyId = e.hierarchyId();
        h.siteCode = e.siteCode();
        h.objectKey = e.nalPath().length() > 300 ? e.nalPath().substring(0, 300) : e.nalPath();
        h.objectType = "DISTRIBUTION_POINT";
        h.status = e.state();
        h.summary = "Distribution point " + (e.serverName() == null ? e.nalPath() : e.serverName()) + " (" + e.siteCode() + "): "
                + e.state() + (e.shared() ? ", shared" : ", not shared")
                + (e.eligible() == null ? "" : e.eligible() ? ", eligible" : ", not eligible")
                + (e.message() == null ? "" : " - " + e.message());
        String key = e.hierarchyId() + "/" + e.nalPath();
        DpView d = DpView.findById(key);
        if (d == null) {
            d = new DpView();
            d.dpKey = key;
        } else if (!StatusOrder.newerOrSame(d.occurredAt, at)) {
            return;
        }
        d.hierarchyId = e.hierarchyId();
        d.siteCode = e.siteCode();
        d.nalPath = e.nalPath();
        d.serverName = e.serverName();
        d.state = e.state();
        d.shared = e.shared();
        d.eligible = e.eligible();
        d.eligibilityKind = e.eligibilityKind();
        d.reasons = e.reasons() == null || e.reasons().isEmpty() ? null : truncate(String.join("; ", e.reasons()), 2000);
        d.hostedPackages = e.hostedPackages();
        d.availablePackages = e.availablePackages();
        d.destinationSiteCode = e.destinationSiteCode();
        d.message = truncate(e.message(), 2000);
        d.occurredAt = at;
        d.persist();
        change.kind(Change.DPS).kind(Change.SUMMARY);
    }

    private SiteView site(String hierarchyId, String siteCode) {
        SiteView s = SiteView.findById(SiteView.key(hierarchyId, siteCode));
        if (s == null) {
            s = new SiteView();
            s.siteKey = SiteView.key(hierarchyId, siteCode);
            s.hierarchyId = hierarchyId;
            s.siteCode = siteCode;
        }
        return s;
    }

    /** Empties every projection and this service's inbox (the history stays); call inside a transaction. */
    public void deleteProjections() {
        for (String entity : List.of("JobObjectView", "JobView", "ThroughputBucket", "SiteView", "HierarchyView", "CatalogueView",
                "DpView")) {
            em.createQuery("delete from " + entity).executeUpdate();
        }
        em.createQuery("delete from ProcessedEvent where consumer = :c").setParameter("c", INBOX_CONSUMER).executeUpdate();
    }

    /** Database timestamps keep microseconds; compare and store at that precision so a replay compares equal. */
    static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static <T> T coalesce(T a, T b) {
        return a != null ? a : b;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static String json(Object o) {
        try {
            return EventCodec.mapper().writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
