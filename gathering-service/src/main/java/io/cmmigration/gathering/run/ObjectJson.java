package io.cmmigration.gathering.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Encodes a gathered object once: the attribute document and the references are serialised with the event codec's
 * mapper into reusable buffers, the fingerprint is SHA-256 over exactly those bytes (framed as
 * {@code {"p0":<attributes>,"p1":<references>}}, the same value {@link Fingerprints#of} gives for them, so stored state
 * of earlier versions stays valid), and the published event is the envelope followed by the same bytes. Decoding the
 * result with {@link EventCodec} gives the {@link SourceObjectEvent} with these fields (ObjectJsonTest).
 *
 * <p>Child rows are ordered by their JSON text (the view defines no order), as before. Not thread-safe: one per run.
 */
final class ObjectJson {

    private static final byte[] P0 = "{\"p0\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] P1 = ",\"p1\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ATTRIBUTES = ",\"attributes\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REFERENCES = ",\"references\":".getBytes(StandardCharsets.UTF_8);

    private final Buffer attributes = new Buffer();
    private final Buffer references = new Buffer();
    private final Buffer event = new Buffer();
    private final Buffer child = new Buffer();
    private final JsonGenerator attributesOut;
    private final JsonGenerator referencesOut;
    private final JsonGenerator childOut;
    private final JsonGenerator eventOut;
    private final MessageDigest sha256;
    private String fingerprint;

    ObjectJson() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            attributesOut = generator(attributes);
            referencesOut = generator(references);
            childOut = generator(child);
            eventOut = generator(event);
        } catch (java.security.NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One long-lived generator per buffer (creating one per document costs more than writing a small document). */
    private static JsonGenerator generator(Buffer out) throws IOException {
        JsonGenerator g = EventCodec.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.setRootValueSeparator(null);
        return g;
    }

    /**
     * Serialises the attribute document ({@code childNames} are the keys whose values are lists of child rows, ordered
     * here) and the references, and computes the fingerprint.
     */
    String fingerprint(Map<String, Object> attrs, List<String> childNames, List<ObjectReference> refs) {
        try {
            attributes.reset();
            JsonGenerator g = attributesOut;
            g.writeStartObject();
            for (Map.Entry<String, Object> e : attrs.entrySet()) {
                g.writeFieldName(e.getKey());
                Object v = e.getValue();
                if (v instanceof List<?> rows && childNames.contains(e.getKey())) {
                    String[] json = new String[rows.size()];
                    for (int i = 0; i < json.length; i++) {
                        json[i] = childJson(rows.get(i));
                    }
                    Arrays.sort(json);
                    g.writeStartArray();
                    for (String j : json) {
                        g.writeRawValue(j);
                    }
                    g.writeEndArray();
                } else {
                    write(g, v);
                }
            }
            g.writeEndObject();
            g.flush();
            references.reset();
            g = referencesOut;
            g.writeStartArray();
            for (ObjectReference r : refs) {
                g.writeStartObject();
                g.writeStringField("name", r.name());
                g.writeStringField("targetType", r.targetType() == null ? null : r.targetType().name());
                g.writeStringField("targetSiteCode", r.targetSiteCode());
                g.writeStringField("targetId", r.targetId());
                g.writeBooleanField("required", r.required());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.flush();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode object", e);
        }
        sha256.reset();
        sha256.update(P0);
        sha256.update(attributes.array(), 0, attributes.size());
        sha256.update(P1);
        sha256.update(references.array(), 0, references.size());
        sha256.update(END);
        fingerprint = HexFormat.of().formatHex(sha256.digest());
        return fingerprint;
    }

    /** One child row (a map of column to value) as JSON text. */
    private String childJson(Object row) throws IOException {
        child.reset();
        JsonGenerator g = childOut;
        if (row instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            write(g, row);
        }
        g.flush();
        return child.toString(StandardCharsets.UTF_8);
    }

    /** Scalars written directly (the codec's mapper writes them the same way); anything else through the mapper. */
    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof java.time.LocalDateTime t) {
            g.writeString(isoLocal(t));
        } else {
            g.writeObject(v);
        }
    }

    /**
     * {@code DateTimeFormatter.ISO_LOCAL_DATE_TIME} (what the codec's mapper writes) without the formatter machinery:
     * {@code yyyy-MM-ddTHH:mm:ss} plus the fraction of a second without trailing zeros when there is one.
     */
    static String isoLocal(java.time.LocalDateTime t) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        char[] c = new char[29];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        int len = 19;
        int nano = t.getNano();
        if (nano > 0) {
            c[19] = '.';
            digits(c, 20, nano, 9);
            len = 29;
            while (c[len - 1] == '0') {
                len--;
            }
        }
        return new String(c, 0, len);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The event for the object last given to {@link #fingerprint}, as the bytes to publish. */
    byte[] event(MigrationEventId id, ChangeKind change, String hierarchyId, String siteCode, ObjectType type, String sourceId, String name,
            Long sourceVersion, Instant lastModified, String runId) {
        try {
            event.reset();
            JsonGenerator g = eventOut;
            g.writeStartObject();
            g.writeStringField("type", "SourceObject");
            g.writeStringField("eventId", id.eventId().toString());
            g.writeNumberField("schemaVersion", SourceObjectEvent.SCHEMA_VERSION);
            g.writeStringField("occurredAt", id.occurredAt().toString());
            g.writeStringField("change", change.name());
            g.writeStringField("hierarchyId", hierarchyId);
            g.writeStringField("siteCode", siteCode);
            g.writeStringField("objectType", type.name());
            g.writeStringField("sourceId", sourceId);
            g.writeStringField("name", name);
            g.writeFieldName("sourceVersion");
            if (sourceVersion == null) {
                g.writeNull();
            } else {
                g.writeNumber(sourceVersion);
            }
            g.writeStringField("fingerprint", fingerprint);
            g.writeStringField("lastModified", lastModified == null ? null : lastModified.toString());
            g.writeStringField("gatheringRunId", runId);
            g.writeEndObject();
            g.flush();
            event.dropLast(); // the closing brace: attributes and references follow as the bytes the fingerprint covers
            event.write(ATTRIBUTES);
            event.write(attributes.array(), 0, attributes.size());
            event.write(REFERENCES);
            event.write(references.array(), 0, references.size());
            event.write(END);
            return event.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode object", e);
        }
    }

    /** Event id and time of one event. */
    record MigrationEventId(java.util.UUID eventId, Instant occurredAt) {
        /** A random (version 4) UUID from a fast generator: event ids need uniqueness, not unpredictability. */
        static MigrationEventId next() {
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            long msb = (r.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
            long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new MigrationEventId(new java.util.UUID(msb, lsb), Instant.now());
        }
    }

    /** The child names of an attribute document that hold lists of rows. */
    static List<String> names(List<io.cmmigration.events.catalogue.ChildSource> children) {
        List<String> names = new ArrayList<>(children.size());
        children.forEach(c -> names.add(c.name()));
        return names;
    }

    /** A ByteArrayOutputStream whose array can be read without copying. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(8192);
        }

        byte[] array() {
            return buf;
        }

        void dropLast() {
            count--;
        }
    }
}
