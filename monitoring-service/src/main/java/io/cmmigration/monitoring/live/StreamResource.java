package io.cmmigration.monitoring.live;

import io.cmmigration.common.security.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/stream")
@Tag(name = "Live updates")
public class StreamResource {

    @Inject
    LiveUpdates live;

    @Context
    Sse sse;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "Server-sent events: 'change' (kinds of views changed plus the changed jobs' projections), "
            + "'refresh' (reload everything), 'hello' and 'ping'. Send Last-Event-ID to catch up after a reconnect.")
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId) {
        return live.stream(lastEventId).map(p -> {
            OutboundSseEvent.Builder b = sse.newEventBuilder().name(p.name()).data(p.data()).mediaType(MediaType.TEXT_PLAIN_TYPE);
            if (p.id() != null) {
                b.id(p.id());
            }
            return b.build();
        });
    }
}
