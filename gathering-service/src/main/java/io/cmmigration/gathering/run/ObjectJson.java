package io.cmmigration.gathering.run;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Encodes a gathered object once: the attribute document is written straight from the row arrays the reader read
 * ({@link #startObject}, {@link #attributes}, {@link #children}; column names quoted once per type, not per object, no
 * maps built in between), the references are collected and sorted ({@link #reference}), both into reusable buffers by
 * {@link JsonBytes}, which writes exactly the bytes the event codec's Jackson generator writes (JsonBytesTest); the
 * fingerprint ({@link #finish}) is SHA-256 over exactly those bytes (framed as {@code {"p0":<attributes>,"p1":<references>}},
 * the same value {@link Fingerprints#of} gives for them, so stored state of earlier versions stays valid), and the
 * published event is the envelope (its constant parts as prepared bytes) followed by the same bytes. Decoding the
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

    private static final byte[] R_NAME = ascii("{\"name\":");
    private static final byte[] R_TARGET_TYPE = ascii(",\"targetType\":");
    private static final byte[] R_TARGET_SITE_CODE = ascii(",\"targetSiteCode\":");
    private static final byte[] R_TARGET_ID = ascii(",\"targetId\":");
    private static final byte[] R_REQUIRED = ascii(",\"required\":");

    private static final byte[] E_START = ascii("{\"type\":\"SourceObject\",\"eventId\":\"");
    private static final byte[] E_SCHEMA_VERSION = ascii("\",\"schemaVersion\":" + SourceObjectEvent.SCHEMA_VERSION + ",\"occurredAt\":\"");
    private static final byte[] E_CHANGE = ascii("\",\"change\":\"");
    private static final byte[] E_HIERARCHY_ID = ascii("\",\"hierarchyId\":");
    private static final byte[] E_SITE_CODE = ascii(",\"siteCode\":");
    private static final byte[] E_OBJECT_TYPE = ascii(",\"objectType\":");
    private static final byte[] E_SOURCE_ID = ascii(",\"sourceId\":");
    private static final byte[] E_NAME = ascii(",\"name\":");
    private static final byte[] E_SOURCE_VERSION = ascii(",\"sourceVersion\":");
    private static final byte[] E_FINGERPRINT = ascii(",\"fingerprint\":");
    private static final byte[] E_LAST_MODIFIED = ascii(",\"lastModified\":");
    private static final byte[] E_GATHERING_RUN_ID = ascii(",\"gatheringRunId\":");

    private final JsonBytes attributes = new JsonBytes(8192);
    private final JsonBytes references = new JsonBytes(1024);
    private final JsonBytes event = new JsonBytes(8192);
    private final JsonBytes child = new JsonBytes(1024);
    private final MessageDigest sha256;
    private String fingerprint;
    private Ref[] refs = new Ref[16];
    private int refCount;
    /** {@code ","hierarchyId":…,"siteCode":…,"objectType":…} of the last event, reused while they stay the same. */
    private byte[] origin;
    private String originHierarchy;
    private String originSite;
    private ObjectType originType;
    private String eventId;
    private final java.util.Map<String, byte[]> childNames = new java.util.HashMap<>();

    ObjectJson() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts the attribute document of the next object ({@link #attributes}, {@link #children}, references, {@link #finish}). */
    void startObject() {
        attributes.reset();
        attributes.write((byte) '{');
        refCount = 0;
    }

    /** The main row's columns as attributes. */
    void attributes(Columns columns, Object[] values) {
        JsonBytes out = attributes;
        byte[][] keys = columns.quoted();
        int[] index = columns.index();
        for (int i = 0; i < keys.length; i++) {
            if (out.size() > 1) {
                out.write((byte) ',');
            }
            out.write(keys[i]);
            out.writeValue(values[index[i]]);
        }
    }

    /** A child list: its rows as objects of their columns, ordered by their JSON text (the view defines no order). */
    void children(String name, Columns columns, List<Object[]> rows) {
        JsonBytes out = attributes;
        if (out.size() > 1) {
            out.write((byte) ',');
        }
        out.write(childNames.computeIfAbsent(name, JsonBytes::fieldName));
        out.write((byte) '[');
        if (rows.size() == 1) {
            childRow(out, columns, rows.get(0)); // nothing to order
        } else if (!rows.isEmpty()) {
            String[] json = new String[rows.size()];
            for (int i = 0; i < json.length; i++) {
                child.reset();
                childRow(child, columns, rows.get(i));
                json[i] = child.text(0);
            }
            Arrays.sort(json);
            for (int i = 0; i < json.length; i++) {
                if (i > 0) {
                    out.write((byte) ',');
                }
                out.write(json[i].getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write((byte) ']');
    }

    private static void childRow(JsonBytes out, Columns columns, Object[] row) {
        out.write((byte) '{');
        byte[][] keys = columns.quoted();
        int[] index = columns.index();
        for (int c = 0; c < keys.length; c++) {
            if (c > 0) {
                out.write((byte) ',');
            }
            out.write(keys[c]);
            out.writeValue(row[index[c]]);
        }
        out.write((byte) '}');
    }

    /** Ends the attribute document; references follow ({@link #reference}), then {@link #finish}. */
    void startReferences() {
        attributes.write((byte) '}');
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
        if (refCount > 1) {
            Arrays.sort(refs, 0, refCount, REF_ORDER);
        }
        JsonBytes out = references;
        out.reset();
        out.write((byte) '[');
        for (int i = 0; i < refCount; i++) {
            Ref r = refs[i];
            if (i > 0) {
                out.write((byte) ',');
            }
            out.write(R_NAME);
            out.writeString(r.name);
            out.write(R_TARGET_TYPE);
            out.writeString(r.targetType == null ? null : r.targetType.name());
            out.write(R_TARGET_SITE_CODE);
            out.writeString(r.targetSiteCode);
            out.write(R_TARGET_ID);
            out.writeString(r.targetId);
            out.write(R_REQUIRED);
            out.writeBoolean(r.required);
            out.write((byte) '}');
        }
        out.write((byte) ']');
        sha256.reset();
        sha256.update(P0);
        sha256.update(attributes.array(), 0, attributes.size());
        sha256.update(P1);
        sha256.update(references.array(), 0, references.size());
        sha256.update(END);
        fingerprint = HexFormat.of().formatHex(sha256.digest());
        return fingerprint;
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

    /**
     * The event for the object last given to {@link #finish}, as the bytes to publish: the envelope (the part naming
     * hierarchy, site and type written once per type), then the attribute and reference bytes the fingerprint covers.
     */
    byte[] event(MigrationEventId id, ChangeKind change, String hierarchyId, String siteCode, ObjectType type, String sourceId, String name,
            Long sourceVersion, Instant lastModified, String runId) {
        JsonBytes out = event;
        out.reset();
        out.write(E_START);
        eventId = id.eventId().toString();
        out.writeAscii(eventId);
        out.write(E_SCHEMA_VERSION);
        out.writeAscii(id.occurredAtText());
        out.write(E_CHANGE);
        out.writeAscii(change.name());
        if (origin == null || type != originType || !hierarchyId.equals(originHierarchy) || !siteCode.equals(originSite)) {
            JsonBytes o = new JsonBytes(128);
            o.write(E_HIERARCHY_ID);
            o.writeString(hierarchyId);
            o.write(E_SITE_CODE);
            o.writeString(siteCode);
            o.write(E_OBJECT_TYPE);
            o.writeString(type.name());
            origin = o.toByteArray();
            originHierarchy = hierarchyId;
            originSite = siteCode;
            originType = type;
        }
        out.write(origin);
        out.write(E_SOURCE_ID);
        out.writeString(sourceId);
        out.write(E_NAME);
        out.writeString(name);
        out.write(E_SOURCE_VERSION);
        if (sourceVersion == null) {
            out.writeNull();
        } else {
            out.writeLong(sourceVersion);
        }
        out.write(E_FINGERPRINT);
        out.writeString(fingerprint);
        out.write(E_LAST_MODIFIED);
        out.writeString(lastModified == null ? null : lastModified.toString());
        out.write(E_GATHERING_RUN_ID);
        out.writeString(runId);
        out.write(ATTRIBUTES);
        out.write(attributes.array(), 0, attributes.size());
        out.write(REFERENCES);
        out.write(references.array(), 0, references.size());
        out.write(END);
        return out.toByteArray();
    }

    /** The event id of the last {@link #event} as text (its record header). */
    String eventId() {
        return eventId;
    }

    /**
     * Event id and time of one event. The time is taken in milliseconds and its ISO text kept while the millisecond
     * lasts (a thread's events of one millisecond share it), instead of formatting an Instant for every event.
     */
    record MigrationEventId(java.util.UUID eventId, Instant occurredAt, String occurredAtText) {

        private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[] {-1L, null, null});

        /** A random (version 4) UUID from a fast generator: event ids need uniqueness, not unpredictability. */
        static MigrationEventId next() {
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            long msb = (r.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
            long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            long now = System.currentTimeMillis();
            Object[] last = LAST.get();
            if ((Long) last[0] != now) {
                Instant t = Instant.ofEpochMilli(now);
                last[0] = now;
                last[1] = t;
                last[2] = t.toString();
            }
            return new MigrationEventId(new java.util.UUID(msb, lsb), (Instant) last[1], (String) last[2]);
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
     * of its last column of that label (what a map filled column by column holds); {@code quoted} = {@code "label":}.
     */
    record Columns(String[] names, int[] index, byte[][] quoted) {
        static Columns of(String[] labels) {
            java.util.LinkedHashMap<String, Integer> last = new java.util.LinkedHashMap<>();
            for (int i = 0; i < labels.length; i++) {
                last.put(labels[i], i);
            }
            String[] names = last.keySet().toArray(new String[0]);
            int[] index = new int[names.length];
            byte[][] quoted = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                index[i] = last.get(names[i]);
                quoted[i] = JsonBytes.fieldName(names[i]); // quoted and escaped once, not for every object
            }
            return new Columns(names, index, quoted);
        }
    }
}
