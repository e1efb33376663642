package io.cmmigration.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event agrees with its JSON schema: same fields, and real instances validate (full and sparse). */
class EventSchemaTest {

    static Iterable<Class<? extends MigrationEvent>> eventTypes() {
        return EventSamples.eventTypes();
    }

    private static JsonSchema schemaOf(Class<? extends MigrationEvent> type) throws Exception {
        String file = "/schemas/" + EventSamples.typeName(type) + ".schema.json";
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(file)) {
            assertNotNull(in, "missing schema " + file);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaPropertiesAreExactlyTheEventFields(Class<? extends MigrationEvent> type) throws Exception {
        JsonNode schema = schemaOf(type).getSchemaNode();
        Set<String> schemaFields = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(schemaFields::add);
        Set<String> recordFields = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(recordFields::add);
        recordFields.add("type");
        assertEquals(recordFields, schemaFields, type.getSimpleName() + " and its schema disagree on fields");
        Set<String> required = new HashSet<>();
        schema.get("required").forEach(n -> required.add(n.asText()));
        assertTrue(required.containsAll(Set.of("eventId", "schemaVersion", "occurredAt", "type")), "envelope fields must be required");
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void fullAndSparseInstancesValidate(Class<? extends MigrationEvent> type) throws Exception {
        JsonSchema schema = schemaOf(type);
        for (MigrationEvent event : new MigrationEvent[] {EventSamples.full(type), EventSamples.sparse(type)}) {
            JsonNode json = EventCodec.mapper().readTree(EventCodec.encode(event));
            Set<ValidationMessage> errors = schema.validate(json);
            assertTrue(errors.isEmpty(), type.getSimpleName() + " violates its schema: " + errors + "\n" + json);
            assertEquals(event, EventCodec.decode(json.toString()), "round trip changes " + type.getSimpleName());
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaRejectsMissingEnvelopeAndUnknownFields(Class<? extends MigrationEvent> type) throws Exception {
        JsonSchema schema = schemaOf(type);
        ObjectNode json = (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(EventSamples.full(type)));
        ObjectNode withoutId = json.deepCopy();
        withoutId.remove("eventId");
        assertFalse(schema.validate(withoutId).isEmpty(), "schema must require eventId");
        ObjectNode extra = json.deepCopy();
        extra.put("surprise", 1);
        assertFalse(schema.validate(extra).isEmpty(), "schema must list every field a producer writes");
        // ...while consumers still accept unknown fields (forward compatibility).
        assertEquals(EventCodec.decode(json.toString()).eventId(), EventCodec.decode(extra.toString()).eventId());
        Iterator<String> names = json.fieldNames();
        assertTrue(names.hasNext());
    }
}
