package io.cmmigration.events;

import io.cmmigration.events.catalogue.ObjectType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A source object discovered, changed or removed by data gathering. Carries the full attribute document (all columns
 * of the type's source view, plus embedded children as arrays) and its references, so consumers never read the source.
 * For {@link ChangeKind#REMOVED} the attributes and references are empty.
 */
public record SourceObjectEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        ChangeKind change,
        String hierarchyId,
        String siteCode,
        ObjectType objectType,
        String sourceId,
        String name,
        Long sourceVersion,
        String fingerprint,
        Instant lastModified,
        String gatheringRunId,
        Map<String, Object> attributes,
        List<ObjectReference> references) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    public SourceObjectEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(hierarchyId, "hierarchyId");
        Objects.requireNonNull(siteCode, "siteCode");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(sourceId, "sourceId");
    }


    @Override
    public String key() {
        return hierarchyId + "/" + siteCode + "/" + objectType + "/" + sourceId;
    }

    /**
     * The object type named by a record key of {@link #key()} ({@code hierarchyId/siteCode/objectType/sourceId}), or
     * null when the key is not of that form. Lets a consumer that wants a few types pass over the others without
     * decoding their attribute documents.
     */
    public static ObjectType objectTypeOfKey(String key) {
        if (key == null) {
            return null;
        }
        int a = key.indexOf('/');
        int b = a < 0 ? -1 : key.indexOf('/', a + 1);
        int c = b < 0 ? -1 : key.indexOf('/', b + 1);
        if (c < 0) {
            return null;
        }
        try {
            return ObjectType.valueOf(key.substring(b + 1, c));
        } catch (IllegalArgumentException notAType) {
            return null;
        }
    }

    /** Key of the object inside its hierarchy ({@code siteCode/objectType/sourceId}), as used by references. */
    public String objectKey() {
        return siteCode + "/" + objectType + "/" + sourceId;
    }

    public static SourceObjectEvent of(ChangeKind change, String hierarchyId, String siteCode, ObjectType type, String sourceId,
            String name, Long sourceVersion, String fingerprint, Instant lastModified, String runId, Map<String, Object> attributes,
            List<ObjectReference> references) {
        return new SourceObjectEvent(MigrationEvent.newId(), SCHEMA_VERSION, Instant.now(), change, hierarchyId, siteCode, type, sourceId,
                name, sourceVersion, fingerprint, lastModified, runId, attributes, references);
    }
}
