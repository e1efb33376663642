package io.cmmigration.job.job.domain;

import io.cmmigration.common.sql.InLists;
import io.cmmigration.common.outbox.Outbox;
import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.job.catalogue.domain.CatalogueObject;
import io.cmmigration.job.catalogue.domain.CatalogueStatusPublisher;
import io.cmmigration.job.catalogue.domain.ObjectState;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import io.cmmigration.job.exclusion.ExclusionService;
import io.cmmigration.job.hierarchy.SourceHierarchy;
import io.cmmigration.job.job.persistence.JobObjectRepository;
import io.cmmigration.job.job.persistence.MigrationJob;
import io.cmmigration.job.support.Json;
import io.cmmigration.job.support.Sql;
import io.cmmigration.common.sql.TableStatistics;
import io.cmmigration.job.support.Tables;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Job lifecycle rules of spec §3.4: create (with its plan and review information), start, stop, reschedule, delete
 * only before the first run, completed jobs never run again; a hierarchy's inactivation stops its running jobs and
 * postpones its scheduled ones; clean-up removes its jobs.
 */
@ApplicationScoped
public class JobLifecycle {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(JobLifecycle.class);

    /**
     * Planning and recording a job of a whole standard catalogue (200k+ objects, their dependency closure and job rows)
     * took more than the default 60 s transaction timeout while other jobs were writing (bench, 2 cores): the request
     * failed with 500. Planning is one transaction by design (a job exists with all its rows or not at all).
     */
    static final int PLANNING_TIMEOUT_SECONDS = 600;

    @Inject
    JobPlanner planner;

    @Inject
    CatalogueRepository catalogue;

    @Inject
    JobObjectRepository jobObjects;

    @Inject
    ExclusionService exclusions;

    @Inject
    Outbox outbox;

    @Inject
    CatalogueStatusPublisher catalogueStatus;

    @Inject
    TableStatistics statistics;

    @ConfigProperty(name = "cmm.job.default-destination-site", defaultValue = "DST")
    String defaultDestinationSite;

    /** The review information of a job that would be created from this request (nothing is stored). */
    @Transactional
    @TransactionConfiguration(timeout = PLANNING_TIMEOUT_SECONDS)
    public ReviewInformation preview(JobRequest request) {
        JobOptions o = JobOptions.validate(request);
        SourceHierarchy h = SourceHierarchy.findById(o.hierarchyId());
        try (Connection c = catalogue.connection()) {
            JobPlanner.Plan plan = planner.plan(c, o, h == null ? null : h.sourceFamily);
            return ReviewInformation.of(o, familyName(h), plan, objectWarnings(c, o, h, plan));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    @TransactionConfiguration(timeout = PLANNING_TIMEOUT_SECONDS)
    public MigrationJob create(JobRequest request, String user) {
        JobOptions o = JobOptions.validate(request);
        SourceHierarchy h = SourceHierarchy.findById(o.hierarchyId());
        if (h != null && !h.active) {
            throw new ProblemException(409, "Hierarchy inactive", "source hierarchy " + o.hierarchyId() + " is inactive; activate it before creating jobs");
        }
        MigrationJob job = new MigrationJob();
        // Planning and review read the catalogue by type/state and by IN lists of keys: with stale statistics each IN list
        // reads the whole hierarchy (see TableStatistics); normally ingestion's periodic analyses have kept them current.
        statistics.refreshIfStale(Tables.CATALOGUE, Tables.REFERENCES, Tables.JOB_OBJECTS);
        long t0 = System.nanoTime();
        try (Connection c = catalogue.connection()) {
            JobPlanner.Plan plan = planner.plan(c, o, h == null ? null : h.sourceFamily);
            if (plan.objects().isEmpty()) {
                throw new ProblemException(422, "Nothing to migrate", "the selection contains no object that this job can migrate");
            }
            long t1 = System.nanoTime();
            ReviewInformation review = ReviewInformation.of(o, familyName(h), plan, objectWarnings(c, o, h, plan));
            long t2 = System.nanoTime();
            Instant now = Instant.now();
            job.name = o.name();
            job.description = o.description();
            job.jobType = o.type();
            job.hierarchyId = o.hierarchyId();
            job.status = JobStatusEvent.Status.NOT_STARTED;
            job.request = Json.write(o);
            job.scheduleMode = o.scheduleMode().name();
            job.runAt = o.runAt();
            job.createdAt = now;
            job.updatedAt = now;
            job.createdBy = user;
            job.total = plan.objects().size();
            job.review = Json.write(review);
            job.persist();
            job.flush();
            List<JobObjectRepository.JobObject> rows = new ArrayList<>(plan.objects().size());
            for (JobPlanner.Planned p : plan.objects()) {
                rows.add(new JobObjectRepository.JobObject(job.id, p.node().key(), p.node().type(), p.node().siteCode(), p.node().sourceId(),
                        p.node().name(), p.rank(), p.depth(), p.selectedBy(), JobObjectStatusEvent.Status.NOT_STARTED, 0, null, now));
            }
            long t3 = System.nanoTime();
            jobObjects.insert(c, rows);
            long t4 = System.nanoTime();
            jobObjects.setCataloguePhase(c, job.id, job.hierarchyId,
                    o.scheduleMode() == JobRequest.Schedule.Mode.DO_NOT_RUN ? ObjectState.PENDING_SCHEDULE.name() : ObjectState.SCHEDULED.name(), false);
            long t5 = System.nanoTime();
            statistics.changed(Tables.JOB_OBJECTS, rows.size());
            statistics.changed(Tables.CATALOGUE, rows.size());
            if (!plan.unselected().isEmpty()) {
                exclusions.exclude(c, o.hierarchyId(), plan.unselected().stream().map(n -> n.key()).toList(),
                        "unselected in job '" + o.name() + "' (or depends on an unselected object)", user);
            }
            // Where creating a big job spends its time (planning is one transaction; a whole catalogue is 200k+ objects).
            LOG.infof("job %d created with %d objects (s): plan %.1f, review %.1f, job row %.1f, job objects %.1f, catalogue phase %.1f, exclusions %.1f",
                    job.id, rows.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9, (System.nanoTime() - t5) / 1e9);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        outbox.add(job.statusEvent());
        catalogueStatus.changed(job.hierarchyId);
        return job;
    }

    @Transactional
    public MigrationJob start(long id) {
        MigrationJob job = find(id);
        switch (job.status) {
            case COMPLETED -> throw ProblemException.conflict("job " + id + " completed; a completed job cannot run again: create a new job (spec 3.4)");
            case RUNNING -> throw ProblemException.conflict("job " + id + " is already running");
            case DELETED -> throw ProblemException.notFound("job " + id);
            default -> {
            }
        }
        SourceHierarchy h = SourceHierarchy.findById(job.hierarchyId);
        if (h != null && !h.active) {
            throw ProblemException.conflict("source hierarchy " + job.hierarchyId + " is inactive");
        }
        job.scheduleMode = JobRequest.Schedule.Mode.NOW.name();
        job.runAt = null;
        job.postponed = false;
        job.stopRequested = false;
        if (job.status == JobStatusEvent.Status.STOPPED || job.status == JobStatusEvent.Status.FAILED) {
            job.status = JobStatusEvent.Status.RUNNING; // picked up by the scheduler as a job without a live lease: resumes
        }
        job.message = "start requested";
        job.updatedAt = Instant.now();
        outbox.add(job.statusEvent());
        return job;
    }

    @Transactional
    public MigrationJob stop(long id) {
        MigrationJob job = find(id);
        if (job.status == JobStatusEvent.Status.RUNNING) {
            job.stopRequested = true;
            job.message = "stop requested";
        } else if (job.status == JobStatusEvent.Status.NOT_STARTED) {
            job.scheduleMode = JobRequest.Schedule.Mode.DO_NOT_RUN.name();
            job.runAt = null;
            job.message = "schedule cancelled";
            setPhase(job, ObjectState.PENDING_SCHEDULE.name());
            outbox.add(job.statusEvent());
        } else {
            throw ProblemException.conflict("job " + id + " is " + job.status + "; only running or scheduled jobs can be stopped");
        }
        job.updatedAt = Instant.now();
        return job;
    }

    @Transactional
    public MigrationJob reschedule(long id, JobRequest.Schedule schedule) {
        MigrationJob job = find(id);
        if (job.status != JobStatusEvent.Status.NOT_STARTED) {
            throw ProblemException.conflict("job " + id + " is " + job.status + "; only jobs that have not started can be rescheduled");
        }
        if (schedule == null || schedule.mode() == null) {
            throw ProblemException.badRequest("schedule.mode is required (NOW, AT, DO_NOT_RUN)");
        }
        if (schedule.mode() == JobRequest.Schedule.Mode.AT && schedule.at() == null) {
            throw ProblemException.badRequest("schedule.at is required when schedule.mode is AT");
        }
        job.scheduleMode = schedule.mode().name();
        job.runAt = schedule.mode() == JobRequest.Schedule.Mode.AT ? schedule.at() : null;
        job.postponed = false;
        job.updatedAt = Instant.now();
        setPhase(job, schedule.mode() == JobRequest.Schedule.Mode.DO_NOT_RUN ? ObjectState.PENDING_SCHEDULE.name() : ObjectState.SCHEDULED.name());
        outbox.add(job.statusEvent());
        return job;
    }

    @Transactional
    public void delete(long id) {
        MigrationJob job = find(id);
        if (job.everStarted || job.status != JobStatusEvent.Status.NOT_STARTED) {
            throw ProblemException.conflict("job " + id + " has run; a job can be deleted only before it runs (spec 3.4)");
        }
        setPhase(job, null);
        try (Connection c = catalogue.connection()) {
            jobObjects.deleteJob(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        job.status = JobStatusEvent.Status.DELETED;
        outbox.add(job.statusEvent());
        job.delete();
        catalogueStatus.changed(job.hierarchyId);
    }

    /** Spec §1.6: a hierarchy that is no longer current cancels its running jobs and postpones its scheduled ones. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void hierarchyInactivated(String hierarchyId) {
        for (MigrationJob job : MigrationJob.<MigrationJob>list("hierarchyId = ?1 and status in ?2", hierarchyId,
                List.of(JobStatusEvent.Status.RUNNING, JobStatusEvent.Status.NOT_STARTED))) {
            if (job.status == JobStatusEvent.Status.RUNNING) {
                job.stopRequested = true;
                job.message = "stopped: source hierarchy inactivated";
            } else if (!"DO_NOT_RUN".equals(job.scheduleMode)) {
                job.postponed = true;
                job.message = "postponed: source hierarchy inactivated; start or reschedule it when the hierarchy is active";
                outbox.add(job.statusEvent());
            }
            job.updatedAt = Instant.now();
        }
    }

    /** Spec §1.8: clean-up removes the hierarchy's jobs (migrated objects stay in the destination). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void purgeHierarchy(String hierarchyId) {
        for (MigrationJob job : MigrationJob.<MigrationJob>list("hierarchyId", hierarchyId)) {
            try (Connection c = catalogue.connection()) {
                jobObjects.deleteJob(c, job.id);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            job.delete();
        }
    }

    public MigrationJob find(long id) {
        MigrationJob job = MigrationJob.findById(id);
        if (job == null) {
            throw ProblemException.notFound("job " + id);
        }
        return job;
    }

    private void setPhase(MigrationJob job, String phase) {
        try (Connection c = catalogue.connection()) {
            jobObjects.setCataloguePhase(c, job.id, job.hierarchyId, phase, true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        catalogueStatus.changed(job.hierarchyId);
    }

    private static String familyName(SourceHierarchy h) {
        return h == null || h.sourceFamily == null ? null : h.sourceFamily.name();
    }

    /** Review warnings that need the documents (collections: the rules of spec §3.7 as they will apply). */
    private List<String> objectWarnings(Connection c, JobOptions o, SourceHierarchy h, JobPlanner.Plan plan) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> collections = plan.objects().stream().filter(p -> p.node().type() == ObjectType.COLLECTION).map(p -> p.node().key()).toList();
        SourceFamily family = h == null ? null : h.sourceFamily;
        String destSite = h == null || h.destinationSiteCode == null ? defaultDestinationSite : h.destinationSiteCode;
        for (List<String> chunk : InLists.chunks(collections, 500)) {
            var docs = catalogue.findAll(c, o.hierarchyId(), chunk);
            List<String> lookupKeys = docs.values().stream().flatMap(d -> DestinationTransformer.lookupsNeeded(d).stream()).collect(Collectors.toList());
            var lookups = new java.util.HashMap<>(catalogue.findAll(c, o.hierarchyId(), lookupKeys));
            lookups.putAll(docs);
            DestinationTransformer.Context ctx = new DestinationTransformer.Context() {
                public String hierarchyId() {
                    return o.hierarchyId();
                }

                public SourceFamily family() {
                    return family;
                }

                public String destinationSite() {
                    return destSite;
                }

                public boolean inDestination(String key) {
                    return true; // review assumes dependencies will be written first
                }

                public CatalogueObject lookup(String key) {
                    return lookups.get(key);
                }
            };
            for (CatalogueObject d : docs.values()) {
                if (DestinationTransformer.isBuiltInCollection(d)) {
                    out.add("Collection " + d.objectKey() + " (" + d.name() + "): built-in collection, mapped to the destination's " + d.sourceId()
                            + " (not created again)");
                    continue;
                }
                try {
                    DestinationTransformer.Destination dest = DestinationTransformer.transform(d, o, ctx);
                    dest.warnings().forEach(w -> out.add("Collection " + d.objectKey() + " (" + d.name() + "): " + w));
                } catch (DestinationTransformer.Rejected r) {
                    out.add("Collection " + d.objectKey() + " (" + d.name() + ") will not migrate: " + r.getMessage());
                }
                if (out.size() > 2000) {
                    return out;
                }
            }
        }
        return out;
    }
}
