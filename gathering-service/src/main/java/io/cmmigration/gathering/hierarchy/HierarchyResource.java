package io.cmmigration.gathering.hierarchy;

import io.cmmigration.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Source hierarchies, their sites, data gathering control (spec §1.6–1.8, §6.3). */
@Path("/api/hierarchies")
@Tag(name = "Source hierarchies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HierarchyResource {

    @Inject
    HierarchyService service;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Specify a source hierarchy by its top-level site (preflight, then gathering starts at once)")
    public Response specify(HierarchyApi.SpecifyHierarchy body) {
        HierarchyApi.HierarchyView view = service.specify(body);
        return Response.created(URI.create("/api/hierarchies/" + view.hierarchyId())).entity(view).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "All source hierarchies with their sites and gathering status")
    public List<HierarchyApi.HierarchyView> list() {
        return service.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "A source hierarchy: sites, status codes, last/next run, per-type counts")
    public HierarchyApi.HierarchyView get(@PathParam("id") String id) {
        return service.get(id);
    }

    @POST
    @Path("/{id}/sites")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Configure an additional 2007 primary source site (top-down, own credentials)")
    public Response configureSite(@PathParam("id") String id, HierarchyApi.ConfigureSite body) {
        return Response.status(201).entity(service.configureSite(id, body)).build();
    }

    @PUT
    @Path("/{id}/sites/{site}/credentials")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change (or re-enter after stop) the accounts of a source site; starts a gathering")
    public HierarchyApi.HierarchyView credentials(@PathParam("id") String id, @PathParam("site") String site, HierarchyApi.Credentials body) {
        return service.setCredentials(id, site, body);
    }

    @PUT
    @Path("/{id}/sites/{site}/dp-sharing")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Enable or disable distribution point sharing for a source site (enabling starts a gathering)")
    public HierarchyApi.HierarchyView dpSharing(@PathParam("id") String id, @PathParam("site") String site, HierarchyApi.DpSharing body) {
        return service.setDpSharing(id, site, body);
    }

    @PUT
    @Path("/{id}/sites/{site}/schedule")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change the gathering interval of a source site")
    public HierarchyApi.HierarchyView schedule(@PathParam("id") String id, @PathParam("site") String site, HierarchyApi.Schedule body) {
        return service.setSchedule(id, site, body);
    }

    @POST
    @Path("/{id}/sites/{site}/gather-now")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Gather Data Now: runs at once and resets the next scheduled run")
    public Response gatherNow(@PathParam("id") String id, @PathParam("site") String site) {
        return Response.accepted(service.gatherNow(id, site)).build();
    }

    @POST
    @Path("/{id}/sites/{site}/stop")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Stop gathering data for a source site (bottom-up; 409 while a child site still gathers)")
    public HierarchyApi.HierarchyView stop(@PathParam("id") String id, @PathParam("site") String site) {
        return service.stop(id, site);
    }

    @POST
    @Path("/{id}/cleanup")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Clean up migration data of a source hierarchy (only after gathering stopped at every site)")
    public HierarchyApi.HierarchyView cleanup(@PathParam("id") String id) {
        return service.cleanup(id);
    }
}
