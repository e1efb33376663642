package io.cmmigration.monitoring.reports;

import io.cmmigration.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/reports")
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
@Tag(name = "Reports")
public class ReportResource {

    @Inject
    ReportService reports;

    public record ReportName(String name, String csv) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The five migration reports of spec 6.8")
    public List<ReportName> list() {
        return ReportService.NAMES.stream().map(n -> new ReportName(n, "/api/reports/" + n + ".csv")).toList();
    }

    @GET
    @Path("{name}.csv")
    @Produces("text/csv")
    @Operation(summary = "A report as CSV (migration-job-properties needs ?jobId=)")
    public Response csv(@PathParam("name") String name, @QueryParam("jobId") String jobId) {
        Report r = reports.report(name, jobId);
        return Response.ok(Csv.write(r), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"").build();
    }

    @GET
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A report as JSON: columns, rows, and notes on what the events do not carry")
    public Report json(@PathParam("name") String name, @QueryParam("jobId") String jobId) {
        return reports.report(name, jobId);
    }
}
