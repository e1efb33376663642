package io.cmmigration.gathering.secrets;

import io.cmmigration.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Stores secrets for source accounts; there is deliberately no way to read one back. */
@Path("/api/secrets")
@Tag(name = "Secrets")
public class SecretResource {

    /** Body of PUT /api/secrets/{name}. */
    public record SecretValue(String value) {
    }

    @Inject
    SecretStore store;

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Store a secret (encrypted at rest, never returned); reference it as secret:<name>")
    public Response put(@PathParam("name") String name, SecretValue body) {
        store.put(name, body == null ? null : body.value());
        return Response.noContent().build();
    }
}
