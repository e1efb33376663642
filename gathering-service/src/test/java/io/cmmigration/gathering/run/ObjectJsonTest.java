package io.cmmigration.gathering.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The once-encoded object event is the event the codec would write, and its fingerprint is the documented one. */
class ObjectJsonTest {

    private static final String[] LABELS = {"PackageID", "Name", "SourceVersion", "SourceSize", "LastRefreshTime", "Description", "SourceDate", "Ratio",
        "Enabled", "Big"};
    private static final String[] PROGRAM_LABELS = {"PackageID", "ProgramName", "Duration", "Created"};

    private static Map<String, Object> map(String[] labels, Object[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            m.put(labels[i], values[i]);
        }
        return m;
    }

    /** Encodes one object through the reader's calls: attributes, children, references (in any order), finish. */
    private static String encode(ObjectJson json, Object[] values, List<Object[]> programs, List<ObjectReference> refs) {
        json.startObject();
        json.attributes(ObjectJson.Columns.of(LABELS), values);
        json.children("programs", ObjectJson.Columns.of(PROGRAM_LABELS), programs);
        json.startReferences();
        for (ObjectReference r : refs) {
            json.reference(r.name(), r.targetType(), r.targetSiteCode(), r.targetId(), r.required());
        }
        return json.finish();
    }

    @Test
    void encodedOnceEqualsTheCodecsEventAndFingerprintCoversTheSameBytes() throws Exception {
        Object[] values = {"CAS00010", "Grüße 日本 \"quoted\" \\ back", 3, new BigDecimal("1024.50"), LocalDateTime.of(2019, 3, 1, 8, 0, 5), null,
            LocalDateTime.of(2019, 3, 1, 8, 0, 0), 0.25d, Boolean.TRUE, 123456789012L, 77L /* the database's row hash: not an attribute */};
        Map<String, Object> attributes = map(LABELS, values);
        Object[] p1 = {"CAS00010", "Zeta", null, null, 1L};
        Object[] p2 = {"CAS00010", "Alpha", 120, LocalDateTime.of(2018, 1, 2, 3, 4, 0, 500_000_000), 2L};
        List<ObjectReference> refs = List.of(new ObjectReference("folder", ObjectType.ORGANIZATIONAL_FOLDER, "CAS", "16777220", false),
                new ObjectReference("collection", ObjectType.COLLECTION, "CAS", "CAS0002", true),
                new ObjectReference("collection", ObjectType.COLLECTION, "CAS", "CAS0001", true));

        ObjectJson json = new ObjectJson();
        String fingerprint = encode(json, values, new ArrayList<>(List.of(p1, p2)), refs);
        ObjectJson.MigrationEventId id = ObjectJson.MigrationEventId.next();
        Instant modified = Instant.parse("2019-03-01T08:00:05Z");
        byte[] bytes = json.event(id, ChangeKind.CHANGED, "CAS", "CAS", ObjectType.PACKAGE, "CAS00010", "Pkg", 3L, modified, "run-1");

        // Children are ordered by their JSON text, as the fingerprint always did: Alpha before Zeta; references by name
        // and target id.
        Map<String, Object> sorted = new LinkedHashMap<>(attributes);
        sorted.put("programs", List.of(map(PROGRAM_LABELS, p2), map(PROGRAM_LABELS, p1)));
        List<ObjectReference> sortedRefs = List.of(refs.get(2), refs.get(1), refs.get(0));
        assertEquals(Fingerprints.of(sorted, sortedRefs), fingerprint, "fingerprint of earlier versions kept (stored state stays valid)");

        SourceObjectEvent expected = new SourceObjectEvent(id.eventId(), SourceObjectEvent.SCHEMA_VERSION, id.occurredAt(), ChangeKind.CHANGED, "CAS",
                "CAS", ObjectType.PACKAGE, "CAS00010", "Pkg", 3L, fingerprint, modified, "run-1", sorted, sortedRefs);
        String text = new String(bytes, StandardCharsets.UTF_8);
        JsonNode ours = EventCodec.mapper().readTree(text);
        JsonNode codec = EventCodec.mapper().readTree(EventCodec.encode(expected));
        assertEquals(codec, ours);
        SourceObjectEvent decoded = EventCodec.decode(text, SourceObjectEvent.class);
        assertEquals(EventCodec.decode(EventCodec.encode(expected), SourceObjectEvent.class), decoded);

        // One child row and no references: the same document as through the codec's mapper.
        String single = encode(json, values, List.<Object[]>of(p1), List.of());
        Map<String, Object> one = new LinkedHashMap<>(attributes);
        one.put("programs", List.of(map(PROGRAM_LABELS, p1)));
        assertEquals(Fingerprints.of(one, List.of()), single);

        // A label twice (a view joined to another): the document has it once, at its first position, with the last value.
        ObjectJson.Columns twice = ObjectJson.Columns.of(new String[] {"CI_ID", "DisplayName", "Size", "DisplayName"});
        assertEquals(List.of("CI_ID", "DisplayName", "Size"), List.of(twice.names()));
        assertEquals(List.of(0, 3, 2), java.util.Arrays.stream(twice.index()).boxed().toList());

        // A different child row gives a different fingerprint; the row hash of a reordered child list does not move.
        p1[1] = "Omega";
        assertNotEquals(fingerprint, encode(json, values, List.<Object[]>of(p1, p2), refs));
        Object[] a = {"CAS00010", "Alpha"};
        Object[] b = {"CAS00010", "Zeta"};
        assertEquals(RowHash.child(0, RowHash.of(a)) + RowHash.child(0, RowHash.of(b)), RowHash.child(0, RowHash.of(b)) + RowHash.child(0, RowHash.of(a)));
        assertNotEquals(RowHash.child(0, RowHash.of(a)), RowHash.child(1, RowHash.of(a)), "the same row under another child counts differently");
        assertNotEquals(RowHash.of(new Object[] {"1", null}), RowHash.of(new Object[] {null, "1"}));
        assertNotEquals(RowHash.of(new Object[] {1}), RowHash.of(new Object[] {"1"}));
        for (LocalDateTime t : List.of(LocalDateTime.of(2019, 3, 1, 0, 0), LocalDateTime.of(2019, 12, 31, 23, 59, 59, 1),
                LocalDateTime.of(1, 1, 1, 1, 1, 1, 120_000_000), LocalDateTime.of(2024, 2, 29, 12, 0, 7, 999_999_999))) {
            assertEquals(EventCodec.mapper().writeValueAsString(t), "\"" + ObjectJson.isoLocal(t) + "\"");
        }
    }
}
