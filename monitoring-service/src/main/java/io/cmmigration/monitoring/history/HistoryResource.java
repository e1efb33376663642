package io.cmmigration.monitoring.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.common.security.Roles;
import io.cmmigration.events.EventCodec;
import io.cmmigration.monitoring.dashboard.rest.Params;
import io.cmmigration.monitoring.projection.persistence.HistoryEntry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The migration history: every status event ever received, searchable. Unlike migmctrl.log it never overwrites itself,
 * and a rebuild of the projections leaves it in place. A page lists events with their payload inline up to
 * {@link #INLINE_EVENT_CHARS}; a larger one (a job's chunk of up to 1,000 objects is ~250 KB) is listed with its size
 * and fetched on its own from {@code /api/history/events/{eventId}}, so a page of chunks stays a few kilobytes instead of
 * megabytes.
 */
@Path("/api/history")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
@Tag(name = "History")
public class HistoryResource {

    /** Largest payload listed inline (characters of stored JSON). */
    static final int INLINE_EVENT_CHARS = 16_384;

    @Inject
    EntityManager em;

    public record Entry(String eventId, String eventType, String topic, String hierarchyId, String siteCode, String jobId,
            String objectKey, String objectType, String status, String summary, Instant occurredAt, Instant receivedAt, JsonNode event,
            int eventChars, boolean eventInline) {
    }

    public record HistoryPage(List<Entry> items, long total, int page, int size) {
    }

    @GET
    @Operation(summary = "Status events, newest first, filtered by hierarchy, site, job, object key, event type and time range "
            + "(from inclusive, to exclusive; ISO-8601)")
    public HistoryPage history(@QueryParam("hierarchyId") String hierarchyId, @QueryParam("siteCode") String siteCode,
            @QueryParam("jobId") String jobId, @QueryParam("objectKey") String objectKey, @QueryParam("type") String type,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        Instant f = Params.instant(from, "from");
        Instant t = Params.instant(to, "to");
        if (f != null && t != null && !f.isBefore(t)) {
            throw ProblemException.badRequest("from must be before to");
        }
        int p = Params.page(page);
        int s = Params.size(size, 100);
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" where 1 = 1");
        filter(where, params, "hierarchyId", Params.blankToNull(hierarchyId));
        filter(where, params, "siteCode", Params.blankToNull(siteCode));
        filter(where, params, "jobId", Params.blankToNull(jobId));
        filter(where, params, "objectKey", Params.blankToNull(objectKey));
        filter(where, params, "eventType", Params.blankToNull(type));
        if (f != null) {
            where.append(" and h.occurredAt >= :from");
            params.put("from", f);
        }
        if (t != null) {
            where.append(" and h.occurredAt < :to");
            params.put("to", t);
        }
        TypedQuery<HistoryEntry> list = em.createQuery("from HistoryEntry h" + where + " order by h.occurredAt desc, h.id desc",
                HistoryEntry.class);
        TypedQuery<Long> count = em.createQuery("select count(h) from HistoryEntry h" + where, Long.class);
        params.forEach((k, v) -> {
            list.setParameter(k, v);
            count.setParameter(k, v);
        });
        List<Entry> items = list.setFirstResult(p * s).setMaxResults(s).getResultList().stream()
                .map(h -> entry(h, h.payload == null || h.payload.length() <= INLINE_EVENT_CHARS)).toList();
        return new HistoryPage(items, count.getSingleResult(), p, s);
    }

    private static void filter(StringBuilder where, Map<String, Object> params, String field, String value) {
        if (value != null) {
            where.append(" and h.").append(field).append(" = :").append(field);
            params.put(field, value);
        }
    }

    @GET
    @Path("/events/{eventId}")
    @Operation(summary = "One event as received, whatever its size (the event's own history row, not the rows of its failed objects)")
    public Entry event(@PathParam("eventId") String eventId) {
        return em.createQuery("from HistoryEntry h where h.eventId = :id order by h.part", HistoryEntry.class).setParameter("id", eventId)
                .setMaxResults(1).getResultStream().findFirst().map(h -> entry(h, true))
                .orElseThrow(() -> ProblemException.notFound("no event " + eventId + " in the history"));
    }

    static Entry entry(HistoryEntry h, boolean withEvent) {
        JsonNode event = null;
        if (withEvent && h.payload != null) {
            try {
                event = EventCodec.mapper().readTree(h.payload);
            } catch (java.io.IOException e) {
                event = null; // stored events were decoded before they were stored; this cannot happen for rows we wrote
            }
        }
        return new Entry(h.eventId, h.eventType, h.topic, h.hierarchyId, h.siteCode, h.jobId, h.objectKey, h.objectType, h.status,
                h.summary, h.occurredAt, h.receivedAt, event, h.payload == null ? 0 : h.payload.length(), withEvent);
    }
}
