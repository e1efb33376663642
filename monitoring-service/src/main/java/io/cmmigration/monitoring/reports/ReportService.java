package io.cmmigration.monitoring.reports;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.monitoring.dashboard.domain.DashboardQueries;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Job;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.JobObject;
import io.cmmigration.monitoring.projection.persistence.CatalogueView;
import io.cmmigration.monitoring.projection.persistence.JobObjectView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The five built-in migration reports of spec §6.8, from the projections. */
@ApplicationScoped
public class ReportService {

    public static final List<String> NAMES = List.of("clients-in-exclusion-list", "dependency-on-collection", "migration-job-properties",
            "migration-jobs", "objects-failed-to-migrate");

    /** Rows in one report at most (CSV downloads of very large jobs are cut here, and the notes say so). */
    static final int MAX_ROWS = 100_000;

    @Inject
    DashboardQueries queries;

    @Inject
    EntityManager em;

    public Report report(String name, String jobId) {
        return switch (name) {
            case "clients-in-exclusion-list" -> clientsInExclusionList();
            case "dependency-on-collection" -> dependencyOnCollection();
            case "migration-job-properties" -> jobProperties(jobId);
            case "migration-jobs" -> jobs();
            case "objects-failed-to-migrate" -> failedObjects();
            default -> throw new ProblemException(404, "Not found", "No report named '" + name + "'; reports are " + NAMES);
        };
    }

    Report clientsInExclusionList() {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogueView c : CatalogueView.<CatalogueView>list("order by hierarchyId")) {
            rows.add(Arrays.asList(c.hierarchyId, c.clientsTotal, c.clientsExcluded, c.clientsMigrated, c.clientsRemaining, c.occurredAt));
        }
        return new Report("clients-in-exclusion-list", "Clients in exclusion list", "Clients excluded from migration, per source hierarchy",
                false, List.of("The status events carry how many clients are excluded per hierarchy (CatalogueStatusEvent), not which ones: "
                        + "the list of excluded client names needs an event from job-service naming them."),
                List.of("hierarchyId", "clientsTotal", "clientsExcluded", "clientsMigrated", "clientsRemaining", "asOf"), rows, Instant.now());
    }

    Report dependencyOnCollection() {
        return new Report("dependency-on-collection", "Dependency on a Configuration Manager collection",
                "Objects that depend on a source collection", false,
                List.of("Not available from status events: object references travel on migration.source-objects (SourceObjectEvent."
                        + "references), which this service does not consume; job-service's dependency closure would have to publish them."),
                List.of("hierarchyId", "collectionKey", "collectionName", "dependentObjectKey", "dependentObjectType", "dependentObjectName"),
                List.of(), Instant.now());
    }

    Report jobProperties(String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw ProblemException.badRequest("the migration-job-properties report needs a jobId parameter");
        }
        Job job = queries.job(jobId);
        if (job == null && !queries.jobKnown(jobId)) {
            throw ProblemException.notFound("Job " + jobId);
        }
        List<String> notes = new ArrayList<>();
        if (job != null) {
            notes.add("Job " + job.jobId() + " '" + job.name() + "' (" + job.type() + ", hierarchy " + job.hierarchyId() + "): " + job.status()
                    + "; " + job.migrated() + " migrated, " + job.failed() + " failed, " + job.skipped() + " skipped of " + job.total()
                    + "; created " + job.createdAt() + ", started " + job.startedAt() + ", ended " + job.endedAt());
        } else {
            notes.add("No JobStatusEvent received for job " + jobId + "; only its objects are known.");
        }
        notes.add("Job options (security scopes, conflict handling, schedule) are not carried by JobStatusEvent.");
        List<List<Object>> rows = new ArrayList<>();
        int page = 0;
        List<JobObject> items;
        do {
            items = queries.jobObjects(jobId, null, null, page++, 1000).items();
            for (JobObject o : items) {
                if (rows.size() >= MAX_ROWS) {
                    break;
                }
                rows.add(Arrays.asList(jobId, job == null ? null : job.name(), job == null ? null : job.status(), o.objectKey(), o.type(),
                        o.name(), o.status(), o.messageCode(), o.message(), o.lastUpdated()));
            }
        } while (items.size() == 1000 && rows.size() < MAX_ROWS);
        if (rows.size() >= MAX_ROWS) {
            notes.add("Cut at " + MAX_ROWS + " objects; use GET /api/jobs/" + jobId + "/objects for the rest.");
        }
        return new Report("migration-job-properties", "Migration job properties", "Contents of a given job", true, notes,
                List.of("jobId", "jobName", "jobStatus", "objectKey", "objectType", "objectName", "objectStatus", "messageCode", "message",
                        "lastUpdated"), rows, Instant.now());
    }

    Report jobs() {
        List<List<Object>> rows = new ArrayList<>();
        int page = 0;
        List<Job> items;
        do {
            items = queries.jobs(null, null, null, page++, 1000).items();
            for (Job j : items) {
                rows.add(Arrays.asList(j.jobId(), j.name(), j.type(), j.hierarchyId(), j.status(), j.statusCode(), j.total(), j.migrated(),
                        j.failed(), j.skipped(), j.createdAt(), j.startedAt(), j.endedAt(), j.durationSeconds(), j.objectsPerSecond()));
            }
        } while (items.size() == 1000 && rows.size() < MAX_ROWS);
        return new Report("migration-jobs", "Migration jobs", "List of jobs", true, List.of(),
                List.of("jobId", "name", "type", "hierarchyId", "status", "statusCode", "total", "migrated", "failed", "skipped", "createdAt",
                        "startedAt", "endedAt", "durationSeconds", "objectsPerSecond"), rows, Instant.now());
    }

    /** Objects whose last attempt (their newest status in any job) failed. */
    Report failedObjects() {
        List<JobObjectView> failed = em.createQuery("from JobObjectView o where o.status = :failed and not exists (select 1 from"
                + " JobObjectView n where n.objectKey = o.objectKey and n.jobId <> o.jobId and n.occurredAt > o.occurredAt)"
                + " order by o.objectKey", JobObjectView.class)
                .setParameter("failed", JobObjectStatusEvent.Status.FAILED.name()).setMaxResults(MAX_ROWS).getResultList();
        List<List<Object>> rows = new ArrayList<>();
        for (JobObjectView o : failed) {
            rows.add(Arrays.asList(o.hierarchyId, o.objectKey, o.objectType, o.name, o.jobId, o.messageCode, o.message, o.occurredAt));
        }
        return new Report("objects-failed-to-migrate", "Objects that failed to migrate", "Objects that failed in their last attempt", true,
                List.of(), List.of("hierarchyId", "objectKey", "objectType", "objectName", "jobId", "messageCode", "message", "failedAt"), rows,
                Instant.now());
    }
}
