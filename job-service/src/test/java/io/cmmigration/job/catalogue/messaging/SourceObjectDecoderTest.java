package io.cmmigration.job.catalogue.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.job.catalogue.domain.SourceObject;
import io.cmmigration.job.support.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming decoder must store exactly what decoding the event and writing its documents again stored before, and
 * refuse exactly what {@link EventCodec} refuses (those records go to the dead-letter topic).
 */
class SourceObjectDecoderTest {

    private static SourceObjectEvent event(ChangeKind change, Map<String, Object> attributes, List<ObjectReference> refs) {
        return SourceObjectEvent.of(change, "H1", "CEN", ObjectType.APPLICATION, "ScopeId_1/Application_7", "Office \"365\" \\ é 漢字 😀",
                42L, "fp-1", Instant.parse("2026-11-20T10:15:30.123Z"), "run-1", attributes, refs);
    }

    private static Map<String, Object> awkwardAttributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("CI_UniqueID", "ScopeId_1/Application_7/3");
        a.put("quotes", "say \"hi\"\\ \b\f\n\r\t \u0001 \u001f \u007f \u2028");
        a.put("unicode", "é 漢字 😀 \ud800"); // a lone surrogate too
        a.put("null", null);
        a.put("int", 7);
        a.put("long", 9_007_199_254_740_993L);
        a.put("double", 1.5e-7);
        a.put("bool", true);
        a.put("empty", Map.of());
        a.put("emptyList", List.of());
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", List.of(1, "two", Map.of("k", "v")));
        nested.put("a", null);
        a.put("nested", nested);
        a.put("list", Arrays.asList(null, List.of(), "x"));
        return a;
    }

    @Test
    void storesTheSameDocumentsAsDecodingAndWritingThemAgain() {
        List<ObjectReference> refs = List.of(new ObjectReference("deployment type", ObjectType.DEPLOYMENT_TYPE, "CEN", "DT_1", true),
                new ObjectReference(null, ObjectType.COLLECTION, "CEN", "CEN00012", false));
        for (SourceObjectEvent e : List.of(event(ChangeKind.DISCOVERED, awkwardAttributes(), refs), event(ChangeKind.CHANGED, Map.of(), List.of()),
                event(ChangeKind.REMOVED, null, null), event(ChangeKind.CHANGED, awkwardAttributes(), null))) {
            String json = EventCodec.encode(e);
            SourceObject fast = SourceObjectDecoder.decode(json);
            SourceObject strict = SourceObject.of(EventCodec.decode(json, SourceObjectEvent.class));
            assertEquals(strict, fast, json);
        }
    }

    @Test
    void readsRecordsWrittenByOtherProducersLikeTheStrictDecoder() {
        // Another field order, whitespace, unknown fields (forward compatibility), escaped characters in the envelope.
        String json = "{ \"attributes\" : { \"b\" : [ 1 , 2 ] , \"a\" : \"\\u00e9\" } ,\n \"type\":\"SourceObject\", \"future\": {\"x\": [1, {\"y\": null}]},"
                + " \"eventId\":\"6f1c0c9e-2f53-4a7e-9a43-0d9c6a1e0b11\", \"schemaVersion\":1, \"occurredAt\":\"2026-11-20T10:15:30Z\","
                + " \"change\":\"CHANGED\", \"hierarchyId\":\"H1\", \"siteCode\":\"CEN\", \"objectType\":\"PACKAGE\", \"sourceId\":\"CEN0001\\/x\","
                + " \"name\":null, \"sourceVersion\":null, \"references\":[{\"required\":true,\"targetId\":\"CEN0002\",\"extra\":1,"
                + "\"targetType\":\"PACKAGE\",\"targetSiteCode\":\"CEN\",\"name\":\"dep\"}] }";
        SourceObject fast = SourceObjectDecoder.decode(json);
        SourceObject strict = SourceObject.of(EventCodec.decode(json, SourceObjectEvent.class));
        assertEquals("CEN0001/x", fast.sourceId());
        assertEquals(strict.references(), fast.references());
        // The documents are kept as the producer wrote them: equal as JSON, not necessarily as text.
        assertEquals(Json.readMap(strict.attributesJson()), Json.readMap(fast.attributesJson()));
        assertEquals(strict.references(), Json.read(fast.referencesJson(), new com.fasterxml.jackson.core.type.TypeReference<List<ObjectReference>>() { }));
        assertEquals(new SourceObject(strict.occurredAt(), strict.change(), strict.hierarchyId(), strict.siteCode(), strict.objectType(), strict.sourceId(),
                strict.name(), strict.sourceVersion(), strict.fingerprint(), strict.lastModified(), fast.attributesJson(), strict.references(),
                fast.referencesJson()), fast);
    }

    @Test
    void refusesWhatTheStrictDecoderRefuses() {
        String good = EventCodec.encode(event(ChangeKind.CHANGED, awkwardAttributes(), List.of()));
        List<String> bad = new ArrayList<>(List.of("", "   ", "not json", "[]", "{}", good.substring(0, good.length() - 1),
                good.replace("\"type\":\"SourceObject\"", "\"type\":\"DistributionPoint\""),
                good.replace("\"type\":\"SourceObject\",", ""),
                good.replace("\"schemaVersion\":1", "\"schemaVersion\":0"),
                good.replace("\"objectType\":\"APPLICATION\"", "\"objectType\":\"NO_SUCH_TYPE\""),
                good.replace("\"change\":\"CHANGED\"", "\"change\":\"EXPLODED\""),
                good.replace("\"hierarchyId\":\"H1\"", "\"hierarchyId\":null"),
                good.replace("\"attributes\":{", "\"attributes\":[{").replace("},\"references\"", "}],\"references\""),
                good.replace("\"references\":[]", "\"references\":{}")));
        for (int i = 0; i < bad.size(); i++) {
            String json = bad.get(i);
            assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.decode(json, SourceObjectEvent.class), "strict accepts case " + i);
            assertThrows(EventCodec.MalformedEventException.class, () -> SourceObjectDecoder.decode(json), "fast accepts case " + i);
        }
        assertThrows(EventCodec.MalformedEventException.class, () -> SourceObjectDecoder.decode(null));
        // Text after the event is tolerated by EventCodec (Jackson stops at the end of the first value): the same here.
        assertEquals(SourceObject.of(EventCodec.decode(good + " x", SourceObjectEvent.class)), SourceObjectDecoder.decode(good + " x"));
    }
}
