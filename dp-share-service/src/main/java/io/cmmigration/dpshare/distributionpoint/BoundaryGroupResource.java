package io.cmmigration.dpshare.distributionpoint;

import io.cmmigration.common.security.Roles;
import io.cmmigration.dpshare.hierarchy.SourceHierarchy;
import io.cmmigration.events.catalogue.SourceFamily;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Spec §4.1: a shared, protected 2007 DP gives destination clients a non-editable boundary group of its protected
 * locations, refreshed after each gathering. Derived from the latest DP facts, so it follows every gathering.
 */
@Path("/api/boundary-groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shared distribution points")
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
public class BoundaryGroupResource {

    public record BoundaryGroup(String name, boolean readOnly, String hierarchyId, String siteCode, long dpId, String nalPath,
            String serverName, List<String> boundaries) {
    }

    @GET
    @Transactional
    @Operation(summary = "Read-only boundary groups of the protected locations of shared 2007 DPs")
    public List<BoundaryGroup> list(@QueryParam("hierarchyId") String hierarchyId) {
        List<DistributionPoint> dps = hierarchyId == null
                ? DistributionPoint.list("shared = true and protectedDp = true order by hierarchyId, nalPath")
                : DistributionPoint.list("shared = true and protectedDp = true and hierarchyId = ?1 order by nalPath", hierarchyId);
        return dps.stream().filter(d -> {
            SourceHierarchy h = SourceHierarchy.findById(d.hierarchyId);
            return h != null && h.family() == SourceFamily.CM2007;
        }).map(d -> new BoundaryGroup("Shared DP " + d.serverName + " (protected locations)", true, d.hierarchyId, d.siteCode, d.id,
                d.nalPath, d.serverName, List.copyOf(d.protectedBoundaries))).toList();
    }
}
