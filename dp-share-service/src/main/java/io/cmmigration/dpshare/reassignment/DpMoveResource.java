package io.cmmigration.dpshare.reassignment;

import io.cmmigration.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the (simulated) site-server operations did: one move per completed install, with every step performed. */
@Path("/api/dp-moves")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "DP upgrade and reassignment")
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
public class DpMoveResource {

    public record Step(String step, String detail, String performedBy, Instant performedAt) {
    }

    public record Move(long reassignmentId, String hierarchyId, String nalPath, String serverName, String sourceSiteCode,
            String destinationSiteCode, String kind, boolean secondarySiteUninstalled, Instant movedAt, List<Step> steps) {
    }

    @GET
    @Operation(summary = "DPs moved into the destination, as recorded by the site-server operations, with their steps")
    public List<Move> list(@QueryParam("hierarchyId") String hierarchyId) {
        List<DpMove> moves = hierarchyId == null ? DpMove.list("order by id") : DpMove.list("hierarchyId = ?1 order by id", hierarchyId);
        return moves.stream().map(m -> new Move(m.reassignmentId, m.hierarchyId, m.nalPath, m.serverName, m.sourceSiteCode,
                m.destinationSiteCode, m.kind, m.secondarySiteUninstalled, m.movedAt,
                DpMoveStep.<DpMoveStep>list("reassignmentId = ?1 order by id", m.reassignmentId).stream()
                        .map(s -> new Step(s.step, s.detail, s.performedBy, s.performedAt)).toList())).toList();
    }
}
