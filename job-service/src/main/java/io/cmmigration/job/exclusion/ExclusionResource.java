package io.cmmigration.job.exclusion;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The exclusion list of a source hierarchy (Edit Exclusion List, spec §3.6). */
@Path("/api/exclusions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exclusions")
public class ExclusionResource {

    @Inject
    ExclusionService service;

    public record ExclusionView(String hierarchyId, String objectKey, String objectType, String reason, String excludedBy, Instant excludedAt) {
    }

    public record ExcludeRequest(String hierarchyId, List<String> objectKeys, String reason) {
    }

    public record ExcludeResult(List<String> excluded) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "List the exclusion list (optionally of one hierarchy and one type, e.g. CLIENT for the 'clients in exclusion list' report)")
    public List<ExclusionView> list(@QueryParam("hierarchyId") String hierarchyId, @QueryParam("type") String type) {
        StringBuilder q = new StringBuilder("1 = 1");
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        if (hierarchyId != null) {
            q.append(" and hierarchyId = :h");
            p.put("h", hierarchyId);
        }
        if (type != null) {
            q.append(" and objectType = :t");
            p.put("t", type.toUpperCase(java.util.Locale.ROOT));
        }
        return Exclusion.<Exclusion>find(q + " order by hierarchyId, objectKey", p).list().stream()
                .map(e -> new ExclusionView(e.hierarchyId, e.objectKey, e.objectType, e.reason, e.excludedBy, e.excludedAt)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Exclude objects and, transitively, every object that requires them")
    public ExcludeResult exclude(ExcludeRequest body, @Context SecurityContext sec) {
        if (body == null || body.hierarchyId() == null || body.hierarchyId().isBlank() || body.objectKeys() == null || body.objectKeys().isEmpty()
                || body.objectKeys().stream().anyMatch(k -> k == null || k.split("/").length < 3)) {
            throw ProblemException.badRequest("hierarchyId and objectKeys (siteCode/TYPE/sourceId) are required");
        }
        return new ExcludeResult(service.excludeWithDependants(body.hierarchyId(), body.objectKeys(),
                body.reason() == null ? "excluded by " + sec.getUserPrincipal().getName() : body.reason(), sec.getUserPrincipal().getName()));
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove an object from the exclusion list")
    public void include(@QueryParam("hierarchyId") String hierarchyId, @QueryParam("objectKey") String objectKey) {
        if (hierarchyId == null || objectKey == null) {
            throw ProblemException.badRequest("hierarchyId and objectKey are required");
        }
        if (!service.include(hierarchyId, objectKey)) {
            throw ProblemException.notFound("exclusion of " + objectKey + " in " + hierarchyId);
        }
    }
}
