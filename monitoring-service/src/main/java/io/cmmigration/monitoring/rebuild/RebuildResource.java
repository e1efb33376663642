package io.cmmigration.monitoring.rebuild;

import io.cmmigration.common.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/admin/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration")
public class RebuildResource {

    @Inject
    RebuildService rebuild;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete the projections and replay the status topics from the beginning (202; 409 while one runs). "
            + "The history is kept.")
    public Response start() {
        return Response.accepted(rebuild.start(identity.getPrincipal().getName())).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "State of the last rebuild: IDLE, RUNNING, DONE or FAILED, with events replayed")
    public RebuildService.Status status() {
        return rebuild.status();
    }
}
