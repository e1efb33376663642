package io.cmmigration.job.job.rest;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.common.tx.Retry;
import io.cmmigration.common.security.Roles;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import io.cmmigration.job.job.domain.JobLifecycle;
import io.cmmigration.job.job.domain.JobOptions;
import io.cmmigration.job.job.domain.JobRequest;
import io.cmmigration.job.job.domain.ReviewInformation;
import io.cmmigration.job.job.execution.JobScheduler;
import io.cmmigration.job.job.execution.Reconciler;
import io.cmmigration.job.job.persistence.JobObjectRepository;
import io.cmmigration.job.job.persistence.MigrationJob;
import io.cmmigration.job.support.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Migration jobs: create, preview (Review Information), inspect, schedule, start, stop, delete, reconcile. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs", description = "Migration jobs")
public class JobResource {

    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobObjectRepository jobObjects;

    @Inject
    CatalogueRepository catalogue;

    @Inject
    Reconciler reconciler;

    @Inject
    JobScheduler scheduler;

    public record Created(String jobId, String status, long total) {
    }

    public record JobView(String jobId, String name, String description, JobType type, String hierarchyId, JobStatusEvent.Status status,
            int statusCode, String scheduleMode, Instant runAt, Instant nextRunAt, boolean postponed, long total, long migrated, long failed,
            long skipped, Instant createdAt, String createdBy, Instant startedAt, Instant endedAt, Instant updatedAt, String message,
            JobOptions options, Object reconciliation) {

        static JobView of(MigrationJob j, boolean withDetails) {
            int code = switch (j.status) {
                case NOT_STARTED -> 0;
                case COMPLETED -> 1;
                case RUNNING -> 2;
                case FAILED -> 3;
                case STOPPED -> 4;
                case DELETED -> -1;
            };
            return new JobView(String.valueOf(j.id), j.name, j.description, j.jobType, j.hierarchyId, j.status, code, j.scheduleMode, j.runAt,
                    j.status == JobStatusEvent.Status.NOT_STARTED && !j.postponed ? j.nextRunAt() : null, j.postponed, j.total, j.migrated, j.failed,
                    j.skipped, j.createdAt, j.createdBy, j.startedAt, j.endedAt, j.updatedAt, j.message, withDetails ? j.options() : null,
                    withDetails && j.reconciliation != null ? Json.readMap(j.reconciliation) : null);
        }
    }

    public record JobObjectView(String objectKey, String type, String siteCode, String sourceId, String name, String selectedBy,
            JobObjectStatusEvent.Status status, int messageCode, String message, Instant updatedAt) {
    }

    public record Page<T>(List<T> items, long total, int page, int size) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a migration job (runs now unless scheduled otherwise)")
    public Response create(JobRequest request, @Context SecurityContext sec) {
        MigrationJob job = createRetryingDeadlockVictims(request, sec.getUserPrincipal().getName());
        scheduler.poll();
        return Response.created(URI.create("/api/jobs/" + job.id)).entity(new Created(String.valueOf(job.id), job.status.name(), job.total)).build();
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "Review Information of a job before creating it (JSON, or a text file with Accept: text/plain or ?format=txt)")
    public Response preview(JobRequest request, @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        ReviewInformation review = lifecycle.preview(request);
        if ("txt".equalsIgnoreCase(format) || (accept != null && accept.startsWith(MediaType.TEXT_PLAIN))) {
            return Response.ok(review.toText(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .header("Content-Disposition", "attachment; filename=\"migration-job-review.txt\"").build();
        }
        return Response.ok(review, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "List jobs (optionally of one hierarchy / status)")
    public List<JobView> list(@QueryParam("hierarchyId") String hierarchyId, @QueryParam("status") String status) {
        StringBuilder q = new StringBuilder("1 = 1");
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        if (hierarchyId != null) {
            q.append(" and hierarchyId = :h");
            p.put("h", hierarchyId);
        }
        if (status != null) {
            try {
                p.put("s", JobStatusEvent.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status '" + status + "' is unknown");
            }
            q.append(" and status = :s");
        }
        return MigrationJob.<MigrationJob>find(q + " order by id", p).list().stream().map(j -> JobView.of(j, false)).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public JobView get(@PathParam("id") long id) {
        return JobView.of(lifecycle.find(id), true);
    }

    @GET
    @Path("/{id}/review")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "The job's Review Information as computed when it was created (JSON or ?format=txt)")
    public Response review(@PathParam("id") long id, @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        MigrationJob job = lifecycle.find(id);
        ReviewInformation review = Json.read(job.review, ReviewInformation.class);
        if ("txt".equalsIgnoreCase(format) || (accept != null && accept.startsWith(MediaType.TEXT_PLAIN))) {
            return Response.ok(review.toText(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .header("Content-Disposition", "attachment; filename=\"migration-job-" + id + "-review.txt\"").build();
        }
        return Response.ok(review, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/{id}/objects")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "Objects in the job with their per-object status and message")
    public Page<JobObjectView> objects(@PathParam("id") long id, @QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        lifecycle.find(id);
        if (page < 0 || size < 1 || size > 5000) {
            throw ProblemException.badRequest("page must be >= 0 and size between 1 and 5000");
        }
        JobObjectStatusEvent.Status st = null;
        if (status != null) {
            try {
                st = JobObjectStatusEvent.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status '" + status + "' is unknown");
            }
        }
        try (Connection c = catalogue.connection()) {
            JobObjectRepository.Page p = jobObjects.page(c, id, st, page, size);
            return new Page<>(p.items().stream().map(o -> new JobObjectView(o.objectKey(), o.objectType().name(), o.siteCode(), o.sourceId(), o.name(),
                    o.selectedBy(), o.status(), o.messageCode(), o.message(), o.updatedAt())).toList(), p.total(), page, size);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @POST
    @Path("/{id}/start")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start a job that has not run, or resume a stopped one; a completed job cannot run again (409)")
    public JobView start(@PathParam("id") long id) {
        JobView v = JobView.of(lifecycle.start(id), false);
        scheduler.poll();
        return v;
    }

    @POST
    @Path("/{id}/stop")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Stop a running job (or cancel the schedule of one that has not started)")
    public JobView stop(@PathParam("id") long id) {
        return JobView.of(lifecycle.stop(id), false);
    }

    @PUT
    @Path("/{id}/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change the schedule of a job that has not started")
    public JobView schedule(@PathParam("id") long id, JobRequest.Schedule schedule) {
        return JobView.of(lifecycle.reschedule(id, schedule), false);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a job; only before it has run (409 otherwise)")
    public Response delete(@PathParam("id") long id) {
        lifecycle.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/reconcile")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Compare every object the job wrote with its catalogue source (modulo documented transformations)")
    public Reconciler.Report reconcile(@PathParam("id") long id) {
        MigrationJob job = lifecycle.find(id);
        if (job.status == JobStatusEvent.Status.RUNNING) {
            throw ProblemException.conflict("job " + id + " is running; reconcile it when it has ended");
        }
        return reconciler.reconcile(id);
    }

    @GET
    @Path("/{id}/reconciliation")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "The last reconciliation report of the job")
    public Map<String, Object> reconciliation(@PathParam("id") long id) {
        MigrationJob job = lifecycle.find(id);
        if (job.reconciliation == null) {
            throw ProblemException.notFound("reconciliation of job " + id);
        }
        return Json.readMap(job.reconciliation);
    }

    /**
     * Creating a job updates the catalogue rows it selects while running jobs record theirs, so the database may choose
     * the creation as a deadlock victim (seen in the standard bench: six jobs created while others ran). Its transaction
     * was rolled back whole, so creating it again is safe; up to three attempts before the client sees the error.
     */
    private MigrationJob createRetryingDeadlockVictims(JobRequest request, String user) {
        return Retry.retrying("creating job '" + request.name() + "'", 3, () -> lifecycle.create(request, user));
    }
}
