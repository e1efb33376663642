package io.cmmigration.monitoring.dashboard.rest;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.common.security.Roles;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.monitoring.dashboard.domain.DashboardQueries;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Dps;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Hierarchy;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Job;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.JobObject;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.ObjectsByType;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Page;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Site;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Summary;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Throughput;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The dashboard's read API (spec §6.2–6.6), built only from the status events this service consumed. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
@Tag(name = "Dashboard")
public class DashboardResource {

    @Inject
    DashboardQueries queries;

    @GET
    @Path("summary")
    @Operation(summary = "Dashboard figures (SMS_MigrationDashboard): sites, objects and clients total/migrated/excluded/remaining, "
            + "jobs completed/failed/in progress, last successful gathering and freshness times; totals and per hierarchy")
    public Summary summary(@QueryParam("hierarchyId") String hierarchyId) {
        return queries.summary(Params.blankToNull(hierarchyId));
    }

    @GET
    @Path("jobs")
    @Operation(summary = "Migration jobs, newest first, with status, counters, timing and throughput")
    public Page<Job> jobs(@QueryParam("status") String status, @QueryParam("hierarchyId") String hierarchyId, @QueryParam("q") String q,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return queries.jobs(Params.enumName(status, JobStatusEvent.Status.class, "status"), Params.blankToNull(hierarchyId),
                Params.blankToNull(q), Params.page(page), Params.size(size, 50));
    }

    @GET
    @Path("jobs/{id}")
    @Operation(summary = "One job's projection: status, total, migrated, failed, skipped, timing, objects per second")
    public Job job(@PathParam("id") String id) {
        Job job = queries.job(id);
        if (job == null) {
            throw ProblemException.notFound("Job " + id);
        }
        return job;
    }

    public record JobObjects(List<JobObject> items, long total, int page, int size, Map<String, Long> countsByStatus) {
    }

    @GET
    @Path("jobs/{id}/objects")
    @Operation(summary = "Objects in a job (SMS_MigrationJobEntityRelation) with status and message; filter by status, search q in "
            + "name, object key and message")
    public JobObjects jobObjects(@PathParam("id") String id, @QueryParam("status") String status, @QueryParam("q") String q,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        String st = Params.enumName(status, JobObjectStatusEvent.Status.class, "status");
        int p = Params.page(page);
        int s = Params.size(size, 50);
        if (!queries.jobKnown(id)) {
            throw ProblemException.notFound("Job " + id);
        }
        Page<JobObject> result = queries.jobObjects(id, st, Params.blankToNull(q), p, s);
        return new JobObjects(result.items(), result.total(), result.page(), result.size(), queries.jobObjectCounts(id));
    }

    @GET
    @Path("sites")
    @Operation(summary = "Source sites: gathering status code and name, last/next run, last success, per-type counts")
    public List<Site> sites(@QueryParam("hierarchyId") String hierarchyId) {
        return queries.sites(Params.blankToNull(hierarchyId));
    }

    @GET
    @Path("hierarchies")
    @Operation(summary = "Source hierarchies with their sites")
    public List<Hierarchy> hierarchies() {
        return queries.hierarchies();
    }

    @GET
    @Path("dps")
    @Operation(summary = "Shared distribution points: eligibility, content, state, and the reassignment/upgrade queue")
    public Dps dps(@QueryParam("hierarchyId") String hierarchyId, @QueryParam("state") String state) {
        return queries.dps(Params.blankToNull(hierarchyId), Params.blankToNull(state));
    }

    @GET
    @Path("charts/objects-by-type")
    @Operation(summary = "Catalogue objects by type and state (from the catalogue figures)")
    public ObjectsByType objectsByType(@QueryParam("hierarchyId") String hierarchyId) {
        return queries.objectsByType(Params.blankToNull(hierarchyId));
    }

    @GET
    @Path("charts/throughput")
    @Operation(summary = "Objects migrated and failed per time bucket over the last `minutes` of activity")
    public Throughput throughput(@QueryParam("minutes") Integer minutes) {
        int m = minutes == null ? 60 : minutes;
        if (m < 1 || m > 7 * 24 * 60) {
            throw ProblemException.badRequest("minutes must be between 1 and " + 7 * 24 * 60);
        }
        return queries.throughput(m);
    }
}
