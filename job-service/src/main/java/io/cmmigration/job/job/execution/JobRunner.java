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
 * Executes one job, chunk by chunk, while holding its lease, as a pipeline of four threads with at most one chunk in
 * flight on each. Reader thread: reads the next objects still NOT_STARTED (in dependency order, keyset-paged, with their
 * catalogue documents), one chunk ahead. Runner thread (the caller's): lookups, destination probe and transform of chunk
 * N+1 (chunk N's planned rows count as present while they are being written). Writer thread: writes chunk N to the
 * destination as JDBC batches in one local transaction (per object if the destination refuses the batch; objects of the
 * chunk requiring an object refused in it or in the chunk before fail as missing dependency) and commits, and only then
 * hands the chunk to the recorder thread, which records per-object status, catalogue state, counters and the chunk's
 * status batch event in one transaction of the service database. A crash between the two commits leaves the objects
 * NOT_STARTED with rows already written by this job: the resumed run rewrites the same rows and counts them once, so the
 * destination ends exactly as if nothing had happened. A stop, a lost lease or a failure of any stage ends the run once
 * the chunk being written and the bookkeeping in flight have finished (nothing goes on writing after {@link #run}
 * returns; a failed stage hands nothing on, so its chunk stays NOT_STARTED for the resumed run). Memory is
 * bounded by the chunk size (at most four chunks held: read ahead, transformed, being written, being recorded).
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
        long[] phaseNanos = new long[PHASES];
        JobObject after = null;
        // The destination write + commit of chunk N runs on its own thread while chunk N+1 is looked up, probed and
        // transformed here; that thread hands chunk N's bookkeeping to the recorder only after the destination commit.
        Stages stages = new Stages(jobId);
        Future<?> writing = null;
        // Destination ids planned by the chunk last handed to the writer: while it is being written the probe cannot see
        // them, yet for the next chunk they are in the destination (its writer fails their dependants if they are refused).
        Set<String> inFlightIds = Set.of();
        // The next chunk is read (with its documents, parsed) on a third thread while this one is transformed and written:
        // the read is read-only and keyset-paged from the last key of the chunk before, so it can start as soon as that is known.
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
                    // The chunk in flight is written and recorded before the job stops (or goes on reading after it).
                    awaitStage(writing, phaseNanos, WAIT_WRITER);
                    writing = null;
                    inFlightIds = Set.of();
                    awaitStage(stages.recording, phaseNanos, WAIT_BOOKKEEPING);
                    stages.recording = null;
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
                nextRead = stages.reader.submit(() -> read(ctx, readFrom));
                phaseNanos[PENDING] += System.nanoTime() - t0;
                PreparedChunk prepared = prepare(ctx, pending, lookupCache, inFlightIds, phaseNanos);
                awaitStage(writing, phaseNanos, WAIT_WRITER);
                inFlightIds = prepared.plannedIds();
                writing = stages.writer.submit(() -> {
                    writeAndHandOn(ctx, prepared, stages, phaseNanos);
                    return null;
                });
            }
            awaitStage(writing, phaseNanos, WAIT_WRITER);
            writing = null;
            awaitStage(stages.recording, phaseNanos, WAIT_BOOKKEEPING);
            stages.recording = null;
            QuarkusTransaction.requiringNew().run(() -> finish(jobId));
            // Where the time went (the lever for throughput work). Runner thread: waiting for the chunk read (with documents;
            // read ahead on its own thread), lookups, destination probe + transform, waiting for the destination writer.
            // Writer thread: destination write+commit, waiting for the bookkeeping thread. Bookkeeping thread: job objects,
            // catalogue, counters and events.
            LOG.infof("job %d phases (s): pending %.1f, lookups %.1f, probe+transform %.1f, waiting for the destination writer %.1f; "
                    + "writer thread: destination %.1f, waiting for bookkeeping %.1f; "
                    + "bookkeeping thread: recording %.1f (job objects %.1f, catalogue %.1f, counters and events the rest; commit not included)", jobId,
                    phaseNanos[PENDING] / 1e9, phaseNanos[LOOKUPS] / 1e9, phaseNanos[TRANSFORM] / 1e9, phaseNanos[WAIT_WRITER] / 1e9,
                    phaseNanos[DESTINATION] / 1e9, phaseNanos[WAIT_BOOKKEEPING] / 1e9, phaseNanos[RECORDING] / 1e9,
                    phaseNanos[RECORD_JOB_OBJECTS] / 1e9, phaseNanos[RECORD_CATALOGUE] / 1e9);
            reconciler.reconcile(jobId);
        } catch (Exception e) {
            LOG.errorf(e, "job %d interrupted; it resumes from its last recorded batch", jobId);
        } finally {
            // No stage may go on writing after run returns (a stop, a lost lease or a failure of any stage ends here): the
            // chunk being written to the destination is awaited, then the bookkeeping it handed on.
            awaitQuietly(writing);
            awaitQuietly(stages.recording);
            stages.shutdown();
            catalogueStatus.changed(ctx.hierarchyId());
        }
    }

    // Indexes of phaseNanos; each is written by one thread at a time (runner, writer or recorder; the runner adds its final
    // waits for the bookkeeping only once the writer is idle) and read after all have finished.
    static final int PENDING = 0;
    static final int LOOKUPS = 1;
    static final int TRANSFORM = 2;
    static final int DESTINATION = 3;
    static final int WAIT_BOOKKEEPING = 4;
    static final int RECORD_JOB_OBJECTS = 5;
    static final int RECORD_CATALOGUE = 6;
    static final int RECORDING = 7;
    static final int WAIT_WRITER = 8;
    static final int PHASES = 9;

    /**
     * The threads of one run beside the runner: reader (next chunk, read ahead), writer (destination write + commit of one
     * chunk) and recorder (bookkeeping of one chunk), one chunk in flight each, so at most four chunks are held (read
     * ahead, being transformed, being written, being recorded).
     */
    static final class Stages {
        final ExecutorService reader;
        final ExecutorService writer;
        final ExecutorService recorder;
        /** The bookkeeping in flight: set by the writer thread (one chunk after the other), read by the runner once the writer is idle. */
        volatile Future<?> recording;
        /**
         * Destination ids of the chunk last written that the destination refused (or that failed because they require a
         * refused one). The writer thread alone reads and replaces it. Only the last chunk's are needed: the chunk after it
         * was transformed while it was written (its planned ids counted as present); any chunk later than that was probed
         * after it was committed, so the transform sees the refused objects missing by itself.
         */
        Set<String> refusedBefore = Set.of();

        Stages(long jobId) {
            reader = single("job-reader-" + jobId);
            writer = single("job-writer-" + jobId);
            recorder = single("job-recorder-" + jobId);
        }

        private static ExecutorService single(String name) {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }

        void shutdown() {
            reader.shutdown(); // a read still running (the run ended early) finishes and is dropped; not interrupted mid-statement
            writer.shutdown();
            recorder.shutdownNow();
        }
    }

    /**
     * Writer stage (writer thread): writes the chunk to the destination and commits, then hands its bookkeeping to the
     * recorder once the previous chunk's bookkeeping is done (in order: events and counters follow the chunks).
     */
    private void writeAndHandOn(JobContext ctx, PreparedChunk chunk, Stages stages, long[] phaseNanos) throws Exception {
        long t0 = System.nanoTime();
        List<Planned> planned = chunk.planned();
        if (!planned.isEmpty()) {
            try (Connection dc = destination.connection()) {
                stages.refusedBefore = writeDestination(ctx, dc, planned, chunk.outcomes(), stages.refusedBefore);
            }
            statistics.changed(destination.dataSource(), Tables.DESTINATION, planned.size());
            statistics.changed(destination.dataSource(), Tables.DESTINATION_REFERENCES, planned.stream().mapToLong(p -> p.write().d().references().size()).sum());
        } else {
            stages.refusedBefore = Set.of();
        }
        phaseNanos[DESTINATION] += System.nanoTime() - t0;
        List<Outcome> ordered = new ArrayList<>(chunk.outcomes().values());
        Runnable record = () -> record(ctx, chunk.pending(), chunk.docs(), ordered, chunk.skippedFingerprints(), phaseNanos);
        awaitStage(stages.recording, phaseNanos, WAIT_BOOKKEEPING);
        stages.recording = stages.recorder.submit(() -> QuarkusTransaction.requiringNew().run(record));
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

    /** Waits for a stage's chunk (a failure there fails the run), counting the wait as the given phase. */
    private static void awaitStage(Future<?> inFlight, long[] phaseNanos, int phase) throws Exception {
        if (inFlight == null) {
            return;
        }
        long t = System.nanoTime();
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            phaseNanos[phase] += System.nanoTime() - t;
        }
    }

    private static void awaitQuietly(Future<?> inFlight) {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // already reported, or the run is ending anyway
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

    /** A chunk looked up, probed and transformed on the runner thread, for the writer stage. */
    record PreparedChunk(List<Pending> pending, Map<String, CatalogueObject> docs, Map<String, Outcome> outcomes,
            Map<String, String> skippedFingerprints, List<Planned> planned) {

        Set<String> plannedIds() {
            Set<String> ids = new HashSet<>(planned.size() * 2);
            planned.forEach(p -> ids.add(p.write().d().destinationId()));
            return ids;
        }
    }

    /**
     * Reads lookups, probes the destination and transforms one chunk (runner thread). {@code inFlight}: destination ids
     * planned by the chunk before, which the writer may not have committed yet; they count as present (the sequential
     * run's probe saw them written), and the writer fails this chunk's dependants of those it refuses.
     */
    private PreparedChunk prepare(JobContext ctx, List<Pending> pending, Map<String, CatalogueObject> lookupCache, Set<String> inFlight,
            long[] phaseNanos) throws SQLException {
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

        // Outcomes in chunk order, by object key (a destination write that fails in the writer stage replaces its outcome).
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, String> skippedFingerprints = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        JobOptions o = ctx.options();
        boolean overwrite = o.conflict() == JobRequest.Conflict.OVERWRITE;
        long t1 = System.nanoTime();
        phaseNanos[LOOKUPS] += t1 - t0;
        // A read-only probe: an autocommit connection, no transaction to end (the writer has its own connection).
        try (Connection dc = destination.dataSource().getConnection()) {
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
            present.addAll(inFlight);
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
                    // The chunk before plans the same id (two clients with one GUID): that row is this job's once written, as
                    // the sequential run's probe would have seen it; updated after it (the writer inserts if it was refused).
                    boolean afterInFlight = ex == null && inFlight.contains(d.destinationId());
                    boolean ours = afterInFlight || (ex != null && ex.jobId() == ctx.jobId());
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
                    // The stored document and its content hash, serialized once here (runner thread), not on the writer's.
                    DestinationStore.Write w = new DestinationStore.Write(h, doc.siteCode(), doc.objectType().name(), doc.sourceId(), d,
                            doc.sourceVersion(), doc.fingerprint(), d.document());
                    boolean insert = ex == null && !afterInFlight;
                    planned.add(new Planned(jo.objectKey(), w, insert, afterInFlight));
                    present.add(d.destinationId());
                    outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.COMPLETED, 0,
                            d.warnings().isEmpty() ? (insert ? "migrated" : "overwritten") : String.join("; ", d.warnings())));
                } catch (DestinationTransformer.Rejected r) {
                    outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.FAILED, r.code(), r.getMessage()));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "job %d: object %s failed", ctx.jobId(), jo.objectKey());
                    outcomes.put(jo.objectKey(), new Outcome(jo.objectKey(), JobObjectStatusEvent.Status.FAILED, 9, "unexpected error: " + e.getMessage()));
                }
            }
        }
        phaseNanos[TRANSFORM] += System.nanoTime() - t1;
        return new PreparedChunk(pending, docs, outcomes, skippedFingerprints, planned);
    }

    /**
     * A destination write of the chunk, in dependency order. {@code afterInFlight}: an update only because the chunk
     * before planned the same destination id (still being written when this one was transformed).
     */
    record Planned(String objectKey, DestinationStore.Write write, boolean insert, boolean afterInFlight) {

        String destinationId() {
            return write.d().destinationId();
        }

        /** Whether it goes in as a new row: planned so, or its id's row of the chunk before was refused (never written). */
        boolean insertGiven(Set<String> refusedBefore) {
            return insert || (afterInFlight && refusedBefore.contains(destinationId()));
        }
    }

    /**
     * Writes the chunk as JDBC batches in one destination transaction; returns the destination ids that were refused or
     * failed for a refused dependency. Objects that require one refused in the chunk before ({@code refusedBefore}: it
     * was still being written when this chunk was transformed, so they were planned) fail first as missing dependency,
     * transitively within the chunk. If the batch fails (a row the destination refuses), the chunk is rolled back and
     * written again object by object, each in its own transaction: the refused object fails with the database's
     * message, objects of the chunk that require it fail as missing dependency, the others are written.
     */
    Set<String> writeDestination(JobContext ctx, Connection dc, List<Planned> planned, Map<String, Outcome> outcomes, Set<String> refusedBefore)
            throws SQLException {
        List<String> scopes = ctx.options().securityScopes();
        Set<String> refused = new HashSet<>();
        List<Planned> writable = planned;
        if (!refusedBefore.isEmpty()) {
            writable = new ArrayList<>(planned.size());
            for (Planned p : planned) {
                if (!failedForRefusedDependency(p, refusedBefore, refused, outcomes)) {
                    writable.add(p);
                }
            }
        }
        if (writable.isEmpty()) {
            return refused;
        }
        try {
            destination.write(dc, ctx.jobId(), scopes, writable.stream().filter(p -> p.insertGiven(refusedBefore)).map(Planned::write).toList(),
                    writable.stream().filter(p -> !p.insertGiven(refusedBefore)).map(Planned::write).toList());
            dc.commit();
            return refused;
        } catch (SQLException batchFailure) {
            dc.rollback();
            LOG.warnf("job %d: destination batch of %d objects refused (%s); writing them one by one", ctx.jobId(), writable.size(),
                    rootMessage(batchFailure));
        }
        for (Planned p : writable) {
            if (failedForRefusedDependency(p, refusedBefore, refused, outcomes)) {
                continue;
            }
            boolean insert = p.insertGiven(refusedBefore);
            try {
                destination.write(dc, ctx.jobId(), scopes, insert ? List.of(p.write()) : List.of(), insert ? List.of() : List.of(p.write()));
                dc.commit();
            } catch (SQLException e) {
                dc.rollback();
                refused.add(p.destinationId());
                outcomes.put(p.objectKey(), new Outcome(p.objectKey(), JobObjectStatusEvent.Status.FAILED, DESTINATION_REFUSED,
                        "the destination database refused the object: " + rootMessage(e)));
            }
        }
        return refused;
    }

    /** Fails the object as missing dependency (and adds it to {@code refused}) if it requires a refused object. */
    private static boolean failedForRefusedDependency(Planned p, Set<String> refusedBefore, Set<String> refused, Map<String, Outcome> outcomes) {
        String missing = p.write().d().references().stream().filter(r -> r.required() && r.targetDestinationId() != null
                && (refused.contains(r.targetDestinationId()) || refusedBefore.contains(r.targetDestinationId())))
                .map(DestinationTransformer.ReferenceOut::targetKey).findFirst().orElse(null);
        if (missing == null) {
            return false;
        }
        refused.add(p.destinationId());
        outcomes.put(p.objectKey(), new Outcome(p.objectKey(), JobObjectStatusEvent.Status.FAILED, DestinationTransformer.MISSING_DEPENDENCY,
                "required " + missing + " could not be written to the destination"));
        return true;
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
            phaseNanos[RECORD_JOB_OBJECTS] += r1 - r0;
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
            phaseNanos[RECORD_CATALOGUE] += System.nanoTime() - r1;
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
        phaseNanos[RECORDING] += System.nanoTime() - r0; // the whole recording until its commit (job objects, catalogue, counters, events)
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
