package io.cmmigration.dpshare.reassignment;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.common.security.Roles;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/reassignments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "DP upgrade and reassignment")
public class ReassignmentResource {

    @Inject
    ReassignmentService service;

    @Inject
    ReassignmentDispatcher dispatcher;

    @Inject
    SecurityIdentity identity;

    public record ReassignmentRequest(
            @NotNull(message = "dpId is required") Long dpId,
            @NotBlank(message = "destinationSiteCode is required")
            @Pattern(regexp = "[A-Za-z0-9]{3}", message = "destinationSiteCode must be a 3-character site code") String destinationSiteCode,
            @Pattern(regexp = "[A-Za-z]:?\\\\?", message = "drive must be a drive letter such as E:") String drive) {
    }

    public record ReassignmentList(List<ReassignmentView> items, long total, long queued, long running, int maxParallel) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Queue the upgrade (2007) or reassignment (2012+) of a shared DP to a destination site",
            description = "At most cmm.dp.reassignment.max-parallel moves run at once; the others wait in the queue.")
    public Response queue(@NotNull(message = "a body is required") @Valid ReassignmentRequest request, @Context UriInfo uri) {
        Reassignment r = service.queue(request.dpId(), request.destinationSiteCode(), request.drive(), identity.getPrincipal().getName());
        dispatcher.wakeUp();
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(r.id)).build()).entity(ReassignmentView.of(r)).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "Queued, running and finished DP moves with state and progress")
    public ReassignmentList list(@QueryParam("hierarchyId") String hierarchyId, @QueryParam("state") String state,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw ProblemException.badRequest("page must be >= 0 and size between 1 and 1000");
        }
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (hierarchyId != null) {
            where.add("hierarchyId = :h");
            params.and("h", hierarchyId);
        }
        if (state != null) {
            try {
                params.and("state", ReassignmentState.valueOf(state.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("unknown state " + state + "; one of " + List.of(ReassignmentState.values()));
            }
            where.add("state = :state");
        }
        PanacheQuery<Reassignment> q = where.isEmpty() ? Reassignment.findAll(Sort.by("id"))
                : Reassignment.find(String.join(" and ", where), Sort.by("id"), params);
        List<ReassignmentView> items = q.page(page, size).list().stream().map(ReassignmentView::of).toList();
        long queued = Reassignment.count("state", ReassignmentState.QUEUED);
        long running = Reassignment.count("state in ?1", ReassignmentState.IN_FLIGHT);
        return new ReassignmentList(items, q.count(), queued, running, dispatcher.maxParallel());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "One DP move")
    public ReassignmentView get(@PathParam("id") long id) {
        Reassignment r = Reassignment.findById(id);
        if (r == null) {
            throw ProblemException.notFound("Reassignment " + id);
        }
        return ReassignmentView.of(r);
    }
}
