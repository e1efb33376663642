package io.cmmigration.gathering.platform;

import io.cmmigration.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Test-only endpoint exercising the shared security configuration (service-common) in a real application. */
@Path("/api/test-probe")
public class SecuredProbeResource {

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public String read() {
        return "read";
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public String change() {
        return "changed";
    }
}
