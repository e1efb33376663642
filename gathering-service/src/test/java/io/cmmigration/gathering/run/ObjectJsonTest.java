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

    @Test
    void encodedOnceEqualsTheCodecsEventAndFingerprintCoversTheSameBytes() throws Exception {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("PackageID", "CAS00010");
        attributes.put("Name", "Grüße 日本 \"quoted\" \\ back");
        attributes.put("SourceVersion", 3);
        attributes.put("SourceSize", new BigDecimal("1024.50"));
        attributes.put("LastRefreshTime", LocalDateTime.of(2019, 3, 1, 8, 0, 5));
        attributes.put("Description", null);
        attributes.put("SourceDate", LocalDateTime.of(2019, 3, 1, 8, 0, 0));
        attributes.put("Ratio", 0.25d);
        attributes.put("Enabled", Boolean.TRUE);
        attributes.put("Big", 123456789012L);
        Map<String, Object> p1 = new LinkedHashMap<>();
        p1.put("PackageID", "CAS00010");
        p1.put("ProgramName", "Zeta");
        Map<String, Object> p2 = new LinkedHashMap<>();
        p2.put("PackageID", "CAS00010");
        p2.put("ProgramName", "Alpha");
        p2.put("Duration", 120);
        p2.put("Created", LocalDateTime.of(2018, 1, 2, 3, 4, 0, 500_000_000));
        attributes.put("programs", new ArrayList<>(List.of(p1, p2)));
        List<ObjectReference> refs = List.of(new ObjectReference("folder", ObjectType.ORGANIZATIONAL_FOLDER, "CAS", "16777220", false));

        ObjectJson json = new ObjectJson();
        String fingerprint = json.fingerprint(attributes, List.of("programs"), refs);
        ObjectJson.MigrationEventId id = ObjectJson.MigrationEventId.next();
        Instant modified = Instant.parse("2019-03-01T08:00:05Z");
        byte[] bytes = json.event(id, ChangeKind.CHANGED, "CAS", "CAS", ObjectType.PACKAGE, "CAS00010", "Pkg", 3L, modified, "run-1");

        // Children are ordered by their JSON text, as the fingerprint always did: Alpha before Zeta.
        Map<String, Object> sorted = new LinkedHashMap<>(attributes);
        sorted.put("programs", List.of(p2, p1));
        assertEquals(Fingerprints.of(sorted, refs), fingerprint, "fingerprint of earlier versions kept (stored state stays valid)");

        SourceObjectEvent expected = new SourceObjectEvent(id.eventId(), SourceObjectEvent.SCHEMA_VERSION, id.occurredAt(), ChangeKind.CHANGED, "CAS",
                "CAS", ObjectType.PACKAGE, "CAS00010", "Pkg", 3L, fingerprint, modified, "run-1", sorted, refs);
        String text = new String(bytes, StandardCharsets.UTF_8);
        JsonNode ours = EventCodec.mapper().readTree(text);
        JsonNode codec = EventCodec.mapper().readTree(EventCodec.encode(expected));
        assertEquals(codec, ours);
        SourceObjectEvent decoded = EventCodec.decode(text, SourceObjectEvent.class);
        assertEquals(EventCodec.decode(EventCodec.encode(expected), SourceObjectEvent.class), decoded);

        // A different child row gives a different fingerprint; the row hash of a reordered child list does not move.
        p1.put("ProgramName", "Omega");
        assertNotEquals(fingerprint, json.fingerprint(attributes, List.of("programs"), refs));
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
