package io.cmmigration.gathering.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Encodes a gathered object once: the attribute document is written straight from the row arrays the reader read
 * ({@link #startObject}, {@link #attributes}, {@link #children}; column names quoted once per type, not per object, no
 * maps built in between), the references are collected and sorted ({@link #reference}), both with the event codec's
 * factory into reusable buffers; the fingerprint ({@link #finish}) is SHA-256 over exactly those bytes (framed as
 * {@code {"p0":<attributes>,"p1":<references>}}, the same value {@link Fingerprints#of} gives for them, so stored state
 * of earlier versions stays valid), and the published event is the envelope followed by the same bytes. Decoding the
 * result with {@link EventCodec} gives the {@link SourceObjectEvent} with these fields (ObjectJsonTest).
 *
 * <p>Child rows are ordered by their JSON text (the view defines no order), as before. SHA-256 stays the fingerprint:
 * it is what stored state and job-service compare, a change of function would republish every object once, and with
 * the CPU's SHA instructions it is a few percent of the encoding (a few samples in 900 of a profile of the first run).
 * Not thread-safe: one per run.
 */
final class ObjectJson {

    private static final byte[] P0 = "{\"p0\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] P1 = ",\"p1\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ATTRIBUTES = ",\"attributes\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REFERENCES = ",\"references\":".getBytes(StandardCharsets.UTF_8);

    private static final SerializedString K_TYPE = new SerializedString("type");
    private static final SerializedString K_EVENT_ID = new SerializedString("eventId");
    private static final SerializedString K_SCHEMA_VERSION = new SerializedString("schemaVersion");
    private static final SerializedString K_OCCURRED_AT = new SerializedString("occurredAt");
    private static final SerializedString K_CHANGE = new SerializedString("change");
    private static final SerializedString K_HIERARCHY_ID = new SerializedString("hierarchyId");
    private static final SerializedString K_SITE_CODE = new SerializedString("siteCode");
    private static final SerializedString K_OBJECT_TYPE = new SerializedString("objectType");
    private static final SerializedString K_SOURCE_ID = new SerializedString("sourceId");
    private static final SerializedString K_NAME = new SerializedString("name");
    private static final SerializedString K_SOURCE_VERSION = new SerializedString("sourceVersion");
    private static final SerializedString K_FINGERPRINT = new SerializedString("fingerprint");
    private static final SerializedString K_LAST_MODIFIED = new SerializedString("lastModified");
    private static final SerializedString K_GATHERING_RUN_ID = new SerializedString("gatheringRunId");
    private static final SerializedString K_TARGET_TYPE = new SerializedString("targetType");
    private static final SerializedString K_TARGET_SITE_CODE = new SerializedString("targetSiteCode");
    private static final SerializedString K_TARGET_ID = new SerializedString("targetId");
    private static final SerializedString K_REQUIRED = new SerializedString("required");

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
    private Ref[] refs = new Ref[16];
    private int refCount;

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

    /** Starts the attribute document of the next object ({@link #attributes}, {@link #children}, references, {@link #finish}). */
    void startObject() {
        try {
            attributes.reset();
            attributesOut.writeStartObject();
            refCount = 0;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode object", e);
        }
    }

    /** The main row's columns as attributes. */
    void attributes(Columns columns, Object[] values) {
        try {
            JsonGenerator g = attributesOut;
            SerializedString[] keys = columns.keys();
            int[] index = columns.index();
            for (int i = 0; i < keys.length; i++) {
                g.writeFieldName(keys[i]);
                write(g, values[index[i]]);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode object", e);
        }
    }

    /** A child list: its rows as objects of their columns, ordered by their JSON text (the view defines no order). */
    void children(String name, Columns columns, List<Object[]> rows) {
        try {
            JsonGenerator g = attributesOut;
            g.writeFieldName(name);
            g.writeStartArray();
            if (rows.size() == 1) {
                childRow(g, columns, rows.get(0)); // nothing to order: the same bytes as the row's text written raw
            } else if (!rows.isEmpty()) {
                String[] json = new String[rows.size()];
                for (int i = 0; i < json.length; i++) {
                    child.reset();
                    childRow(childOut, columns, rows.get(i));
                    childOut.flush();
                    json[i] = child.toString(StandardCharsets.UTF_8);
                }
                Arrays.sort(json);
                for (String j : json) {
                    g.writeRawValue(j);
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode object", e);
        }
    }

    private static void childRow(JsonGenerator g, Columns columns, Object[] row) throws IOException {
        g.writeStartObject();
        SerializedString[] keys = columns.keys();
        int[] index = columns.index();
        for (int c = 0; c < keys.length; c++) {
            g.writeFieldName(keys[c]);
            write(g, row[index[c]]);
        }
        g.writeEndObject();
    }

    /** Ends the attribute document; references follow ({@link #reference}), then {@link #finish}. */
    void startReferences() {
        try {
            attributesOut.writeEndObject();
            attributesOut.flush();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode object", e);
        }
    }

    /** One reference of the object (any order: {@link #finish} sorts them by name, then target id). */
    void reference(String name, ObjectType targetType, String targetSiteCode, String targetId, boolean required) {
        if (refCount == refs.length) {
            refs = Arrays.copyOf(refs, refs.length * 2);
        }
        Ref r = refs[refCount];
        if (r == null) {
            r = new Ref();
            refs[refCount] = r;
        }
        r.name = name;
        r.targetType = targetType;
        r.targetSiteCode = targetSiteCode;
        r.targetId = targetId;
        r.required = required;
        refCount++;
    }

    /** Writes the references and returns the fingerprint of attributes and references. */
    String finish() {
        try {
            if (refCount > 1) {
                Arrays.sort(refs, 0, refCount, REF_ORDER);
            }
            references.reset();
            JsonGenerator g = referencesOut;
            g.writeStartArray();
            for (int i = 0; i < refCount; i++) {
                Ref r = refs[i];
                g.writeStartObject();
                writeStringField(g, K_NAME, r.name);
                writeStringField(g, K_TARGET_TYPE, r.targetType == null ? null : r.targetType.name());
                writeStringField(g, K_TARGET_SITE_CODE, r.targetSiteCode);
                writeStringField(g, K_TARGET_ID, r.targetId);
                g.writeFieldName(K_REQUIRED);
                g.writeBoolean(r.required);
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

    private static void writeStringField(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
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
            writeStringField(g, K_TYPE, "SourceObject");
            writeStringField(g, K_EVENT_ID, id.eventId().toString());
            g.writeFieldName(K_SCHEMA_VERSION);
            g.writeNumber(SourceObjectEvent.SCHEMA_VERSION);
            writeStringField(g, K_OCCURRED_AT, id.occurredAt().toString());
            writeStringField(g, K_CHANGE, change.name());
            writeStringField(g, K_HIERARCHY_ID, hierarchyId);
            writeStringField(g, K_SITE_CODE, siteCode);
            writeStringField(g, K_OBJECT_TYPE, type.name());
            writeStringField(g, K_SOURCE_ID, sourceId);
            writeStringField(g, K_NAME, name);
            g.writeFieldName(K_SOURCE_VERSION);
            if (sourceVersion == null) {
                g.writeNull();
            } else {
                g.writeNumber(sourceVersion);
            }
            writeStringField(g, K_FINGERPRINT, fingerprint);
            writeStringField(g, K_LAST_MODIFIED, lastModified == null ? null : lastModified.toString());
            writeStringField(g, K_GATHERING_RUN_ID, runId);
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

    /** One reference of the object being encoded (reused from object to object). */
    private static final class Ref {
        String name;
        ObjectType targetType;
        String targetSiteCode;
        String targetId;
        boolean required;
    }

    /** References in the order the fingerprint always used: by name, then target id (stable for equal ones). */
    private static final java.util.Comparator<Ref> REF_ORDER = (a, b) -> {
        int c = a.name.compareTo(b.name);
        return c != 0 ? c : a.targetId.compareTo(b.targetId);
    };

    /**
     * The columns of a row as an attribute document has them: every label once, at its first position, with the value
     * of its last column of that label (what a map filled column by column holds).
     */
    record Columns(String[] names, int[] index, SerializedString[] keys) {
        static Columns of(String[] labels) {
            java.util.LinkedHashMap<String, Integer> last = new java.util.LinkedHashMap<>();
            for (int i = 0; i < labels.length; i++) {
                last.put(labels[i], i);
            }
            String[] names = last.keySet().toArray(new String[0]);
            int[] index = new int[names.length];
            SerializedString[] keys = new SerializedString[names.length];
            for (int i = 0; i < names.length; i++) {
                index[i] = last.get(names[i]);
                keys[i] = new SerializedString(names[i]); // quoted and escaped once, not for every object
            }
            return new Columns(names, index, keys);
        }
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
