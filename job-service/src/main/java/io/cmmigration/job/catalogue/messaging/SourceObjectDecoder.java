package io.cmmigration.job.catalogue.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.job.catalogue.domain.SourceObject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Decodes a {@code migration.source-objects} record into a {@link SourceObject} in one streaming pass: envelope fields
 * are read, the attribute and reference documents are cut out of the record text as they are (their extent found by the
 * parser) and the references parsed, without building a map per attribute document and serializing it again (that
 * round trip, with its garbage, was a third of job-service's ingestion samples). Anything this reader does not
 * recognise as a well-formed source-object event (another type, a missing or invalid envelope field, a document of the
 * wrong shape, broken JSON) is decoded by {@link EventCodec} instead, so malformed records fail exactly as before, with
 * its message, and go to the dead-letter topic.
 */
public final class SourceObjectDecoder {

    private static final JsonFactory JSON = EventCodec.mapper().getFactory();

    private SourceObjectDecoder() {
    }

    public static SourceObject decode(String json) {
        SourceObject fast = null;
        if (json != null) {
            try {
                fast = stream(json);
            } catch (IOException | RuntimeException notRecognised) {
                fast = null;
            }
        }
        return fast != null ? fast : SourceObject.of(EventCodec.decode(json, SourceObjectEvent.class));
    }

    /** @return the object, or null if the record is not a plain well-formed source-object event */
    private static SourceObject stream(String json) throws IOException {
        String type = null;
        UUID eventId = null;
        int schemaVersion = 0;
        Instant occurredAt = null;
        ChangeKind change = null;
        String hierarchyId = null;
        String siteCode = null;
        ObjectType objectType = null;
        String sourceId = null;
        String name = null;
        Long sourceVersion = null;
        String fingerprint = null;
        Instant lastModified = null;
        String attributes = null;
        List<ObjectReference> references = null;
        String referencesJson = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                t = p.nextToken();
                boolean isNull = t == JsonToken.VALUE_NULL;
                switch (field) {
                    case "type" -> type = text(p, t);
                    case "eventId" -> eventId = isNull ? null : UUID.fromString(text(p, t));
                    case "schemaVersion" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT) {
                            return null;
                        }
                        schemaVersion = p.getIntValue();
                    }
                    case "occurredAt" -> occurredAt = isNull ? null : Instant.parse(text(p, t));
                    case "change" -> change = isNull ? null : ChangeKind.valueOf(text(p, t));
                    case "hierarchyId" -> hierarchyId = text(p, t);
                    case "siteCode" -> siteCode = text(p, t);
                    case "objectType" -> objectType = isNull ? null : ObjectType.valueOf(text(p, t));
                    case "sourceId" -> sourceId = text(p, t);
                    case "name" -> name = text(p, t);
                    case "sourceVersion" -> {
                        if (!isNull && t != JsonToken.VALUE_NUMBER_INT) {
                            return null;
                        }
                        sourceVersion = isNull ? null : p.getLongValue();
                    }
                    case "fingerprint" -> fingerprint = text(p, t);
                    case "lastModified" -> lastModified = isNull ? null : Instant.parse(text(p, t));
                    case "attributes" -> {
                        if (isNull) {
                            attributes = null;
                        } else if (t == JsonToken.START_OBJECT) {
                            int start = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            attributes = json.substring(start, (int) p.currentLocation().getCharOffset());
                        } else {
                            return null;
                        }
                    }
                    case "references" -> {
                        if (isNull) {
                            references = null;
                        } else if (t == JsonToken.START_ARRAY) {
                            int start = (int) p.currentTokenLocation().getCharOffset();
                            references = new ArrayList<>();
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                ObjectReference r = reference(p);
                                if (r == null) {
                                    return null;
                                }
                                references.add(r);
                            }
                            if (p.currentToken() != JsonToken.END_ARRAY) {
                                return null;
                            }
                            referencesJson = json.substring(start, (int) p.currentLocation().getCharOffset());
                        } else {
                            return null;
                        }
                    }
                    default -> p.skipChildren(); // unknown fields are ignored (forward compatibility), as by EventCodec
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        }
        // The envelope EventCodec and SourceObjectEvent insist on; anything missing takes the strict path (which refuses it).
        if (!"SourceObject".equals(type) || eventId == null || schemaVersion < 1 || occurredAt == null || change == null || hierarchyId == null
                || siteCode == null || objectType == null || sourceId == null) {
            return null;
        }
        if (references == null) {
            references = List.of();
            referencesJson = "[]";
        }
        return new SourceObject(occurredAt, change, hierarchyId, siteCode, objectType, sourceId, name, sourceVersion, fingerprint, lastModified,
                attributes == null ? "{}" : attributes, references, referencesJson);
    }

    /** One reference object (the parser on its START_OBJECT); null if it is not of the expected shape. */
    private static ObjectReference reference(JsonParser p) throws IOException {
        String name = null;
        ObjectType targetType = null;
        String targetSiteCode = null;
        String targetId = null;
        boolean required = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            t = p.nextToken();
            boolean isNull = t == JsonToken.VALUE_NULL;
            switch (field) {
                case "name" -> name = text(p, t);
                case "targetType" -> targetType = isNull ? null : ObjectType.valueOf(text(p, t));
                case "targetSiteCode" -> targetSiteCode = text(p, t);
                case "targetId" -> targetId = text(p, t);
                case "required" -> {
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        return null; // null or another type: EventCodec's rules (FAIL_ON_NULL_FOR_PRIMITIVES, coercion) decide
                    }
                    required = t == JsonToken.VALUE_TRUE;
                }
                default -> p.skipChildren();
            }
        }
        return t == JsonToken.END_OBJECT ? new ObjectReference(name, targetType, targetSiteCode, targetId, required) : null;
    }

    /** A string field's value; null for JSON null; anything else is not this reader's case. */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a string");
        }
        return p.getText();
    }
}
