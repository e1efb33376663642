package io.cmmigration.job.job.execution;

import io.cmmigration.common.sql.InLists;
import io.cmmigration.common.lease.LeaseService;
import io.cmmigration.common.outbox.Outbox;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.job.catalogue.domain.CatalogueObject;
import io.cmmigration.job.catalogue.domain.CatalogueStatusPublisher;
import io.cmmigration.job.catalogue.domain.ObjectState;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import io.cmmigration.job.hierarchy.SourceHierarchy;
import io.cmmigration.job.job.domain.DestinationTransformer;
import io.cmmigration.job.job.domain.DestinationTransformer.Destination;
import io.cmmigration.job.job.domain.JobOptions;
import io.cmmigration.job.job.domain.JobRequest;
import io.cmmigration.job.job.persistence.DestinationStore;
import io.cmmigration.job.job.persistence.JobObjectRepository;
import io.cmmigration.job.job.persistence.JobObjectRepository.JobObject;
import io.cmmigration.job.job.persistence.JobObjectRepository.Outcome;
import io.cmmigration.job.job.persistence.JobObjectRepository.Pending;
import io.cmmigration.job.support.JobObjectStatusBatches;
import io.cmmigration.job.support.OutboxBatch;
import io.cmmigration.job.job.persistence.MigrationJob;
import io.cmmigration.job.support.Sql;
import io.cmmigration.common.sql.TableStatistics;
import io.cmmigration.job.support.Tables;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Executes one job, chunk by chunk, while holding its lease. Per chunk: read the next objects still NOT_STARTED (in
 * dependency order, keyset-paged, with their catalogue documents), transform them, write them to the destination as JDBC
 * batches in one local transaction (per object if the destination refuses the batch), then record per-object status,
 * catalogue state, counters and the chunk's status batch event in one transaction of the service database, on a second
 * thread while the next chunk is written (at most one chunk in flight); the chunk after that is read ahead on a third
 * thread. A crash between the two commits leaves the objects NOT_STARTED with rows already written by this job: the
 * resumed run rewrites the same rows and counts them once, so the destination ends exactly as if nothing had happened.
 * Memory is bounded by the chunk size (at most three chunks held).
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    static final int SKIPPED_CONFLICT = 1;
    static final int APPV_NO_OVERWRITE = 4;
    static final int NOT_IN_CATALOGUE = 6;
    static final int DESTINATION_REFUSED = 8;

    @Inject
    CatalogueRepository catalogue;

    @Inject
    JobObjectRepository jobObjects;

    @Inject
    DestinationStore destination;

    @Inject
    LeaseService leases;

    @Inject
    Outbox outbox;

    @Inject
    OutboxBatch outboxBatch;

    @Inject
    CatalogueStatusPublisher catalogueStatus;

    @Inject
    Reconciler reconciler;

    @Inject
    TableStatistics statistics;

    @ConfigProperty(name = "cmm.job.chunk-size", defaultValue = "1000")
    int chunkSize;

    @ConfigProperty(name = "cmm.job.lease-seconds", defaultValue = "20")
    int leaseSeconds;

    @ConfigProperty(name = "cmm.job.default-destination-site", defaultValue = "DST")
    String defaultDestinationSite;

    public static String leaseName(long jobId) {
        return "job:" + jobId;
    }

    /** Runs (or resumes) the job; the caller holds its lease. */
    public void run(long jobId) {
        // The job's creation just wrote its job objects and the phase of its catalogue rows: plans made on stale (or no)
        // statistics read the whole hierarchy per 500-key statement (see TableStatistics). Before the start's claim statement,
        // which joins the two.
        statistics.refreshIfStale(Tables.JOB_OBJECTS, Tables.CATALOGUE);
        statistics.refreshIfStale(destination.dataSource(), Tables.DESTINATION, Tables.DESTINATION_REFERENCES);
        JobContext ctx = QuarkusTransaction.requiringNew().call(() -> begin(jobId));
        if (ctx == null) {
            return;
        }
        Map<String, CatalogueObject> lookupCache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CatalogueObject> eldest) {
                return size() > 20_000;
            }
        };
        long[] phaseNanos = new long[8];
        JobObject after = null;
        // Bookkeeping of chunk N (service database) runs on its own thread while chunk N+1 is read, transformed and written to
        // the destination; at most one chunk is in flight, so events and counters stay in order and memory stays bounded.
        ExecutorService recorder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "job-recorder-" + jobId);
            t.setDaemon(true);
            return t;
        });
        Future<?> inFlight = null;
        // The next chunk is read (with its documents, parsed) on a third thread while this one is transformed and written:
        // the read is read-only and keyset-paged from the last key of the chunk before, so it can start as soon as that is known.
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "job-reader-" + jobId);
            t.setDaemon(true);
            return t;
        });
        Future<List<Pending>> nextRead = null;
        // The lease is renewed here at most every quarter of its duration (the scheduler renews it every poll as well), not
        // once per chunk: each renewal is a committed transaction, and per chunk they were a tenth of a job's wall time.
        long renewEveryNanos = Duration.ofSeconds(leaseSeconds).toNanos() / 4;
        long renewedAt = System.nanoTime() - renewEveryNanos;
        try {
            while (true) {
                if (System.nanoTime() - renewedAt >= renewEveryNanos) {
                    if (!leases.tryAcquire(leaseName(jobId), Duration.ofSeconds(leaseSeconds))) {
                        LOG.warnf("job %d: lease lost, another replica continues", jobId);
                        return;
                    }
                    renewedAt = System.nanoTime();
                }
                long t0 = System.nanoTime();
                boolean stop;
                try (Connection c = catalogue.connection()) {
                    // A plain read on a pooled connection, not a transaction of its own; here rather than with the read-ahead
                    // so that a stop takes effect at the next chunk, not the one after.
                    stop = jobObjects.stopRequested(c, jobId);
                }
                if (stop) {
                    if (nextRead != null) {
                        awaitRead(nextRead); // discarded: the chunk is read again if the job goes on
                        nextRead = null;
                    }
                    awaitRecorded(inFlight, phaseNanos);
                    inFlight = null;
                    if (QuarkusTransaction.requiringNew().call(() -> stopIfRequested(jobId))) {
                        return;
                    }
                    continue;
                }
                List<Pending> pending = nextRead != null ? awaitRead(nextRead) : read(ctx, after);
                nextRead = null;
                if (pending.isEmpty()) {
                    break;
                }
                after = pending.get(pending.size() - 1).object();
                JobObject readFrom = after;
                nextRead = reader.submit(() -> read(ctx, readFrom));
                phaseNanos[0] += System.nanoTime() - t0;
                Runnable record = chunk(ctx, pending, lookupCache, phaseNanos);
                awaitRecorded(inFlight, phaseNanos);
                inFlight = recorder.submit(() -> QuarkusTransaction.requiringNew().run(record));
            }
            awaitRecorded(inFlight, phaseNanos);
            inFlight = null;
            QuarkusTransaction.requiringNew().run(() -> finish(jobId));
            // Where the time went (the lever for throughput work): waiting for the chunk read (with documents; read ahead on its
            // own thread), lookups, destination probe + transform, destination write+commit, waiting for the bookkeeping thread
            // (job objects, catalogue, outbox events).
            LOG.infof("job %d phases (s): pending %.1f, lookups %.1f, probe+transform %.1f, destination %.1f, waiting for bookkeeping %.1f; "
                    + "bookkeeping thread: recording %.1f (job objects %.1f, catalogue %.1f, counters and events the rest; commit not included)", jobId,
                    phaseNanos[0] / 1e9, phaseNanos[1] / 1e9, phaseNanos[2] / 1e9, phaseNanos[3] / 1e9, phaseNanos[4] / 1e9, phaseNanos[7] / 1e9,
                    phaseNanos[5] / 1e9, phaseNanos[6] / 1e9);
            reconciler.reconcile(jobId);
        } catch (Exception e) {
            LOG.errorf(e, "job %d interrupted; it resumes from its last recorded batch", jobId);
        } finally {
            if (inFlight != null) {
                try {
                    inFlight.get();
                } catch (Exception ignored) {
                    // already reported, or the run is ending anyway
                }
            }
            reader.shutdown(); // a read still running (the run ended early) finishes and is dropped; not interrupted mid-statement
            recorder.shutdownNow();
            catalogueStatus.changed(ctx.hierarchyId());
        }
    }

    /** The next pending objects after {@code after} (null: from the start), with their documents. */
    private List<Pending> read(JobContext ctx, JobObject after) throws SQLException {
        try (Connection c = catalogue.connection()) {
            return jobObjects.nextPendingWithDocuments(c, ctx.jobId(), ctx.hierarchyId(), after, chunkSize);
        }
    }

    private static List<Pending> awaitRead(Future<List<Pending>> read) throws Exception {
        try {
            return read.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static void awaitRecorded(Future<?> inFlight, long[] phaseNanos) throws Exception {
        if (inFlight == null) {
            return;
        }
        long t = System.nanoTime();
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            phaseNanos[4] += System.nanoTime() - t;
        }
    }

    /** What stays fixed while a job runs. */
    record JobContext(long jobId, String hierarchyId, SourceFamily family, String destinationSite, JobOptions options) {
    }

    JobContext begin(long jobId) throws SQLException {
        MigrationJob job = MigrationJob.findById(jobId);
        if (job == null || job.status == JobStatusEvent.Status.COMPLETED || job.status == JobStatusEvent.Status.DELETED) {
            return null;
        }
        boolean resume = job.status == JobStatusEvent.Status.RUNNING;
        job.status = JobStatusEvent.Status.RUNNING;
        job.everStarted = true;
        if (job.startedAt == null) {
            job.startedAt = Instant.now();
        }
        job.endedAt = null;
        job.message = resume ? "resumed by " + leases.instanceId() : null;
        job.updatedAt = Instant.now();
        try (Connection c = catalogue.connection()) {
            jobObjects.claimCatalogueRows(c, jobId, job.hierarchyId);
        }
        outbox.add(job.statusEvent());
        SourceHierarchy h = SourceHierarchy.findById(job.hierarchyId);
        LOG.infof("job %d %s (%s, %d objects)", jobId, resume ? "resumed" : "started", job.jobType, job.total);
        return new JobContext(jobId, job.hierarchyId, h == null ? null : h.sourceFamily,
                h == null || h.destinationSiteCode == null ? defaultDestinationSite : h.destinationSiteCode, job.options());
    }

    private boolean stopIfRequested(long jobId) throws SQLException {
        MigrationJob job = MigrationJob.findById(jobId);
        if (job == null || !job.stopRequested) {
            return false;
        }
        job.status = JobStatusEvent.Status.STOPPED;
        job.stopRequested = false;
        job.endedAt = Instant.now();
        job.updatedAt = job.endedAt;
        if (job.message == null) {
            job.message = "stopped by request";
        }
        try (Connection c = catalogue.connection()) {
            jobObjects.setCataloguePhase(c, jobId, job.hierarchyId, null, true);
        }
        outbox.add(job.statusEvent());
        LOG.infof("job %d stopped", jobId);
        return true;
    }

    private void finish(long jobId) {
        MigrationJob job = MigrationJob.findById(jobId);
        job.status = JobStatusEvent.Status.COMPLETED;
        job.endedAt = Instant.now();
        job.updatedAt = job.endedAt;
        job.message = job.failed > 0 ? job.failed + " object(s) failed; see the objects of the job" : null;
        outbox.add(job.statusEvent());
        LOG.infof("job %d completed: %d migrated, %d failed, %d skipped", jobId, job.migrated, job.failed, job.skipped);
    }

    /** Reads lookups, transforms and writes one chunk to the destination; returns its bookkeeping (run in a new transaction). */
    private Runnable chunk(JobContext ctx, List<Pending> pending, Map<String, CatalogueObject> lookupCache, long[] phaseNanos) throws SQLException {
        long t0 = System.nanoTime();
        String h = ctx.hierarchyId();
        Map<String, CatalogueObject> docs = new HashMap<>();
        for (Pending p : pending) {
            if (p.document() != null) {
                docs.put(p.object().objectKey(), p.document());
            }
        }
        Set<String> needed = new HashSet<>();
        for (CatalogueObject o : docs.values()) {
            for (String k : DestinationTransformer.lookupsNeeded(o)) {
                if (!lookupCache.containsKey(k) && !docs.containsKey(k)) {
                    needed.add(k);
                }
            }
        }
        if (!needed.isEmpty()) {
            try (Connection c = catalogue.connection()) {
                // Folders need their parents too (and 2007 parent collections theirs): walk up as far as the chain goes.
                while (!needed.isEmpty()) {
                    Map<String, CatalogueObject> found = catalogue.findAll(c, h, needed);
                    lookupCache.putAll(found);
                    needed = new HashSet<>();
                    for (CatalogueObject f : found.values()) {
                        for (ObjectReference r : f.references()) {
                            if (DestinationTransformer.walkedUp(r) && !lookupCache.containsKey(r.targetKey())) {
                                needed.add(r.targetKey());
                            }
                        }
                    }
                }
            }
        }
        Map<String, CatalogueObject> lookups = new HashMap<>(lookupCache);
        lookups.putAll(docs);

        // Outcomes in chunk order, by object key (a destination write that fails in the per-object fallback replaces its outcome).
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, String> skippedFingerprints = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        JobOptions o = ctx.options();
        boolean overwrite = o.conflict() == JobRequest.Conflict.OVERWRITE;
        long t1 = System.nanoTime();
        phaseNanos[1] += t1 - t0;
        long t2;
        try (Connection dc = destination.connection()) {
            // Everything this chunk references plus the chunk itself: which of them the destination already has.
            Set<String> probe = new HashSet<>();
            for (CatalogueObject doc : docs.values()) {
                try {
                    probe.add(DestinationTransformer.destinationId(h, doc));
                } catch (DestinationTransformer.Rejected ignored) {
                    // reported below when the object is transformed
                }
                for (ObjectReference r : doc.references()) {
                    if (ObjectTypeCatalogue.spec(r.targetType()).migratable()) {
                        probe.add(DestinationTransformer.destinationIdOfKey(h, r.targetKey()));
                    }
                }
            }
            Map<String, DestinationStore.Existing> existing = destination.existing(dc, probe, false);
            Set<String> present = new HashSet<>(existing.keySet());
            TransformContext tctx = new TransformContext(h, ctx.family(), ctx.destinationSite(), lookups, TransformContext.keysIn(present, h));
            for (Pending p : pending) {
                JobObject jo = p.object();
                CatalogueObject doc = p.document();
                if (doc == null || doc.state() == ObjectState.REMOVED) {
                    outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.FAILED, NOT_IN_CATALOGUE,
                            doc == null ? "no longer in the catalogue" : "removed from the source"));
                    continue;
                }
                if (DestinationTransformer.isBuiltInCollection(doc)) {
                    // Spec §3.7: default collections are not created again; the destination's own built-in collection stands in.
                    outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.COMPLETED, 0,
                            "built-in collection: mapped to the destination's built-in collection " + doc.sourceId() + " (not created again)"));
                    continue;
                }
                try {
                    Destination d = DestinationTransformer.transform(doc, o, tctx);
                    DestinationStore.Existing ex = existing.get(d.destinationId());
                    boolean ours = ex != null && ex.jobId() == ctx.jobId();
                    if (ex != null && !ours && !overwrite) {
                        outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.SKIPPED, SKIPPED_CONFLICT,
                                "already in the destination (written by job " + ex.jobId() + "); conflict handling is skip"));
                        skippedFingerprints.put(jo.objectKey(), ex.sourceFingerprint());
                        continue;
                    }
                    if (ex != null && !ours && !DestinationTransformer.overwritable(doc.objectType())) {
                        outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.FAILED, APPV_NO_OVERWRITE,
                                "App-V packages cannot be overwritten: delete the application in the destination, then migrate it in a new job"));
                        continue;
                    }
                    DestinationStore.Write w = new DestinationStore.Write(h, doc.siteCode(), doc.objectType().name(), doc.sourceId(), d,
                            doc.sourceVersion(), doc.fingerprint());
                    planned.add(new Planned(jo.objectKey(), w, ex == null));
                    present.add(d.destinationId());
                    outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.COMPLETED, 0,
                            d.warnings().isEmpty() ? (ex == null ? "migrated" : "overwritten") : String.join("; ", d.warnings())));
                } catch (DestinationTransformer.Rejected r) {
                    outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.FAILED, r.code(), r.getMessage()));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "job %d: object %s failed", ctx.jobId(), jo.objectKey());
                    outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.FAILED, 9, "unexpected error: " + e.getMessage()));
                }
            }
            t2 = System.nanoTime();
            phaseNanos[2] += t2 - t1;
            // An object written after one the destination refused in this chunk must not point at it: transformed again with
            // the refused ids no longer present, its optional references to them stay empty (as in any later chunk).
            Retransform withoutRefused = (p, refusedIds) -> {
                present.removeAll(refusedIds);
                return new Planned(p.objectKey(), p.write().with(DestinationTransformer.transform(docs.get(p.objectKey()), o, tctx)), p.insert());
            };
            writeDestination(ctx, dc, planned, outcomes, withoutRefused);
            statistics.changed(destination.dataSource(), Tables.DESTINATION, planned.size());
            statistics.changed(destination.dataSource(), Tables.DESTINATION_REFERENCES, planned.stream().mapToLong(p -> p.write().d().references().size()).sum());
        }
        phaseNanos[3] += System.nanoTime() - t2;
        List<Outcome> ordered = new ArrayList<>(outcomes.values());
        return () -> record(ctx, pending, docs, ordered, skippedFingerprints, phaseNanos);
    }

    /** A destination write of the chunk, in dependency order. */
    record Planned(String objectKey, DestinationStore.Write write, boolean insert) {
    }

    /** The same object transformed again as if the given destination ids were not in the destination. */
    @FunctionalInterface
    interface Retransform {
        Planned without(Planned p, Set<String> refusedIds) throws DestinationTransformer.Rejected;
    }

    /**
     * Writes the chunk as JDBC batches in one destination transaction. If the batch fails (a row the destination refuses),
     * the chunk is rolled back and written again object by object, each in its own transaction: the refused object fails
     * with the database's message, objects of the chunk that require it fail as missing dependency, objects that refer to
     * it optionally are transformed again without it (their reference stays empty, with a warning), the others are written.
     */
    void writeDestination(JobContext ctx, Connection dc, List<Planned> planned, Map<String, Outcome> outcomes, Retransform retransform)
            throws SQLException {
        List<String> scopes = ctx.options().securityScopes();
        try {
            destination.write(dc, ctx.jobId(), scopes, planned.stream().filter(Planned::insert).map(Planned::write).toList(),
                    planned.stream().filter(p -> !p.insert()).map(Planned::write).toList());
            dc.commit();
            return;
        } catch (SQLException batchFailure) {
            dc.rollback();
            LOG.warnf("job %d: destination batch of %d objects refused (%s); writing them one by one", ctx.jobId(), planned.size(),
                    rootMessage(batchFailure));
        }
        Set<String> refused = new HashSet<>();
        for (Planned planned0 : planned) {
            Planned p = planned0;
            String missing = p.write().d().references().stream().filter(r -> r.required() && r.targetDestinationId() != null
                    && refused.contains(r.targetDestinationId())).map(DestinationTransformer.ReferenceOut::targetKey).findFirst().orElse(null);
            if (missing != null) {
                refused.add(p.write().d().destinationId());
                outcomes.put(p.objectKey(), new Outcome(p.objectKey(), JobObjectStatusEvent.Status.FAILED, DestinationTransformer.MISSING_DEPENDENCY,
                        "required " + missing + " could not be written to the destination"));
                continue;
            }
            List<String> optional = p.write().d().references().stream().filter(r -> !r.required() && r.targetDestinationId() != null
                    && refused.contains(r.targetDestinationId())).map(DestinationTransformer.ReferenceOut::targetKey).toList();
            if (!optional.isEmpty()) {
                try {
                    p = retransform.without(p, refused);
                } catch (DestinationTransformer.Rejected r) {
                    outcomes.put(p.objectKey(), new Outcome(p.objectKey(), JobObjectStatusEvent.Status.FAILED, r.code(), r.getMessage()));
                    continue;
                }
                List<String> warnings = new ArrayList<>(p.write().d().warnings());
                warnings.add("optional reference(s) to " + String.join(", ", optional) + " left empty: the destination refused them");
                outcomes.put(p.objectKey(), new Outcome(p.objectKey(), JobObjectStatusEvent.Status.COMPLETED, 0, String.join("; ", warnings)));
            }
            try {
                destination.write(dc, ctx.jobId(), scopes, p.insert() ? List.of(p.write()) : List.of(), p.insert() ? List.of() : List.of(p.write()));
                dc.commit();
            } catch (SQLException e) {
                dc.rollback();
                refused.add(p.write().d().destinationId());
                outcomes.put(p.objectKey(), new Outcome(p.objectKey(), JobObjectStatusEvent.Status.FAILED, DESTINATION_REFUSED,
                        "the destination database refused the object: " + rootMessage(e)));
            }
        }
    }

    private static String rootMessage(SQLException e) {
        SQLException next = e.getNextException();
        String m = (next != null ? next : e).getMessage();
        return m == null ? e.toString() : m.lines().findFirst().orElse(m);
    }

    private void record(JobContext ctx, List<Pending> pending, Map<String, CatalogueObject> docs, List<Outcome> outcomes,
            Map<String, String> skippedFingerprints, long[] phaseNanos) {
        long r0 = System.nanoTime();
        statistics.changed(Tables.JOB_OBJECTS, outcomes.size());
        statistics.changed(Tables.CATALOGUE, outcomes.size());
        long migrated = 0;
        long failed = 0;
        long skipped = 0;
        Instant now = Instant.now();
        List<String> recompute = new ArrayList<>();
        try (Connection c = catalogue.connection()) {
            // Checked in the recording transaction itself (not one of its own per chunk): another replica that took the job
            // over owns its bookkeeping; this one stops here.
            if (!leases.instanceId().equals(jobObjects.leaseOwner(c, leaseName(ctx.jobId())))) {
                throw new IllegalStateException("lease of job " + ctx.jobId() + " lost before recording a batch");
            }
            jobObjects.record(c, ctx.jobId(), outcomes);
            long r1 = System.nanoTime();
            phaseNanos[5] += r1 - r0;
            // Catalogue rows locked in key order before any is written (the lock order every catalogue writer follows; see
            // CatalogueRepository.lockInKeyOrder): a job created meanwhile waits for this chunk or this chunk for it, never both.
            catalogue.lockInKeyOrder(c, ctx.hierarchyId(), outcomes.stream().map(Outcome::objectKey).sorted().toList());
            List<CatalogueObject> completed = new ArrayList<>(outcomes.size());
            // A completed object's state follows from the values this statement sets (job phase cleared, migrated fingerprint
            // known): ObjectState.STATE_SQL reduced accordingly, so the row is written once instead of updated and recomputed.
            // The common case goes set-based (see recordCompleted); this per-row form fixes rows changed since the chunk was read.
            try (PreparedStatement done = c.prepareStatement("UPDATE catalogue_object SET migrated_fingerprint = ?, migrated_version = ?, migrated_at = ?, "
                    + "failed = ?, job_phase = NULL, last_job_id = ?, updated_at = ?, "
                    + "state = CASE WHEN removed = ? THEN 'REMOVED' WHEN fingerprint = ? THEN 'MIGRATED' ELSE 'MODIFIED' END "
                    + "WHERE hierarchy_id = ? AND object_key = ?");
                    PreparedStatement fail = c.prepareStatement("UPDATE catalogue_object SET failed = ?, job_phase = NULL, last_job_id = ?, updated_at = ? "
                            + "WHERE hierarchy_id = ? AND object_key = ?");
                    PreparedStatement skip = c.prepareStatement("UPDATE catalogue_object SET migrated_fingerprint = COALESCE(migrated_fingerprint, ?), "
                            + "job_phase = NULL, last_job_id = ?, updated_at = ? WHERE hierarchy_id = ? AND object_key = ?")) {
                for (Outcome out : outcomes) {
                    CatalogueObject doc = docs.get(out.objectKey());
                    switch (out.status()) {
                        case COMPLETED -> {
                            migrated++;
                            if (doc.fingerprint() == null) {
                                recompute.add(out.objectKey());
                            }
                            completed.add(doc);
                        }
                        case SKIPPED -> {
                            skipped++;
                            recompute.add(out.objectKey());
                            skip.setString(1, skippedFingerprints.get(out.objectKey()));
                            skip.setLong(2, ctx.jobId());
                            skip.setTimestamp(3, Sql.ts(now));
                            skip.setString(4, ctx.hierarchyId());
                            skip.setString(5, out.objectKey());
                            skip.addBatch();
                        }
                        default -> {
                            failed++;
                            recompute.add(out.objectKey());
                            fail.setBoolean(1, true);
                            fail.setLong(2, ctx.jobId());
                            fail.setTimestamp(3, Sql.ts(now));
                            fail.setString(4, ctx.hierarchyId());
                            fail.setString(5, out.objectKey());
                            fail.addBatch();
                        }
                    }
                }
                for (CatalogueObject doc : recordCompleted(c, ctx, completed, now)) {
                    done.setString(1, doc.fingerprint());
                    Sql.setLong(done, 2, doc.sourceVersion());
                    done.setTimestamp(3, Sql.ts(now));
                    done.setBoolean(4, false);
                    done.setLong(5, ctx.jobId());
                    done.setTimestamp(6, Sql.ts(now));
                    done.setBoolean(7, true);
                    done.setString(8, doc.fingerprint());
                    done.setString(9, ctx.hierarchyId());
                    done.setString(10, doc.objectKey());
                    done.addBatch();
                }
                done.executeBatch();
                fail.executeBatch();
                skip.executeBatch();
            }
            if (!recompute.isEmpty()) {
                catalogue.recomputeState(c, ctx.hierarchyId(), recompute);
            }
            phaseNanos[6] += System.nanoTime() - r1;
            try (PreparedStatement ps = c.prepareStatement("UPDATE migration_job SET migrated = migrated + ?, failed = failed + ?, skipped = skipped + ?, "
                    + "updated_at = ? WHERE id = ?")) {
                ps.setLong(1, migrated);
                ps.setLong(2, failed);
                ps.setLong(3, skipped);
                ps.setTimestamp(4, Sql.ts(now));
                ps.setLong(5, ctx.jobId());
                ps.executeUpdate();
            }
            Map<String, JobObject> byKey = new HashMap<>();
            pending.forEach(p -> byKey.put(p.object().objectKey(), p.object()));
            List<JobObjectStatusBatchEvent.JobObjectStatus> statuses = new ArrayList<>(outcomes.size());
            for (Outcome out : outcomes) {
                JobObject jo = byKey.get(out.objectKey());
                CatalogueObject doc = docs.get(out.objectKey());
                // The version the job wrote (the chunk's document), so consumers need not guess which version was migrated.
                Long version = out.status() == JobObjectStatusEvent.Status.COMPLETED && doc != null ? doc.sourceVersion() : null;
                statuses.add(new JobObjectStatusBatchEvent.JobObjectStatus(jo.siteCode(), jo.objectType(), jo.sourceId(), jo.name(), out.status(),
                        out.messageCode(), out.message(), version));
            }
            // One status event per chunk (at most MAX_OBJECTS objects each) instead of one per object: a 1,000-object chunk
            // used to add 1,000 outbox rows (each written, read, deleted and published) and 1,000 records to every consumer.
            outboxBatch.insert(c, JobObjectStatusBatches.of(String.valueOf(ctx.jobId()), ctx.hierarchyId(), now, statuses));
        } catch (SQLException e) {
            throw new IllegalStateException("recording batch of job " + ctx.jobId() + " failed: " + e.getMessage(), e);
        }
        // Progress of the job itself (counters as of this batch).
        MigrationJob job = MigrationJob.findById(ctx.jobId());
        outbox.add(job.statusEvent());
        phaseNanos[7] += System.nanoTime() - r0; // the whole recording until its commit (job objects, catalogue, counters, events)
        // The dashboard's catalogue figures follow the job while it runs (the publisher coalesces and paces the recounts).
        catalogueStatus.changed(ctx.hierarchyId());
    }

    /**
     * Marks completed objects migrated set-based: one {@code UPDATE ... IN (...)} per 500 keys that takes the migrated
     * fingerprint and version from the row itself (instead of 1,000 single-row updates, each parsed and planned on its own).
     * It only touches rows still holding the content the job wrote (key, fingerprint and version as read with the chunk,
     * compared as one portable {@code CONCAT}), so no read-back is needed. If fewer rows were updated than sent, a source
     * changed after the chunk was read (ingest committed in between): the keys of that part are returned, for the caller
     * to record row by row with the fingerprint that was migrated (the changed ones become MODIFIED; for the others that
     * rewrites the same values).
     */
    private static List<CatalogueObject> recordCompleted(Connection c, JobContext ctx, List<CatalogueObject> completed, Instant now) throws SQLException {
        List<CatalogueObject> rowByRow = new ArrayList<>();
        for (List<CatalogueObject> part : InLists.chunks(completed, Sql.IN_LIMIT)) {
            String in = Sql.placeholders(part.size());
            try (PreparedStatement ps = c.prepareStatement("UPDATE catalogue_object SET migrated_fingerprint = fingerprint, migrated_version = source_version, "
                    + "migrated_at = ?, failed = ?, job_phase = NULL, last_job_id = ?, updated_at = ?, "
                    + "state = CASE WHEN removed = ? THEN 'REMOVED' WHEN fingerprint IS NOT NULL THEN 'MIGRATED' ELSE 'MODIFIED' END "
                    + "WHERE hierarchy_id = ? AND object_key IN (" + in + ") AND CONCAT(object_key, '|', fingerprint, '|', source_version) IN (" + in + ")")) {
                int i = 1;
                ps.setTimestamp(i++, Sql.ts(now));
                ps.setBoolean(i++, false);
                ps.setLong(i++, ctx.jobId());
                ps.setTimestamp(i++, Sql.ts(now));
                ps.setBoolean(i++, true);
                ps.setString(i++, ctx.hierarchyId());
                for (CatalogueObject doc : part) {
                    ps.setString(i++, doc.objectKey());
                }
                for (CatalogueObject doc : part) {
                    ps.setString(i++, doc.objectKey() + "|" + (doc.fingerprint() == null ? "" : doc.fingerprint()) + "|"
                            + (doc.sourceVersion() == null ? "" : doc.sourceVersion()));
                }
                if (ps.executeUpdate() < part.size()) {
                    rowByRow.addAll(part);
                }
            }
        }
        return rowByRow;
    }
}
