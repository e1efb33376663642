package io.cmmigration.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON encoding of events: ISO-8601 timestamps, unknown fields ignored (forward compatibility), envelope
 * fields required. Decoding failures raise {@link MalformedEventException}, which consumers let through to the
 * dead-letter topic.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private EventCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(MigrationEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static MigrationEvent decode(String json) {
        return decode(json, MigrationEvent.class);
    }

    public static <T extends MigrationEvent> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("empty event");
        }
        T event;
        try {
            event = MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("malformed event: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("malformed event: " + e.getMessage(), e);
        }
        if (event.eventId() == null || event.occurredAt() == null || event.schemaVersion() < 1) {
            throw new MalformedEventException("event without eventId, occurredAt or schemaVersion");
        }
        return event;
    }

    /** An event that cannot be decoded; never retried, sent to the dead-letter topic. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }

        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
