package io.cmmigration.job.catalogue.domain;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.job.support.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A source-object event as the catalogue stores it: the envelope fields it needs, the references (catalogue_reference
 * rows), and the attribute and reference documents as JSON text, ready for their columns. The consumer takes that text
 * straight out of the record ({@link io.cmmigration.job.catalogue.messaging.SourceObjectDecoder}) instead of decoding the
 * attribute document into maps and writing it back out: the catalogue never looks inside it while ingesting.
 */
public record SourceObject(Instant occurredAt, ChangeKind change, String hierarchyId, String siteCode, ObjectType objectType, String sourceId,
        String name, Long sourceVersion, String fingerprint, Instant lastModified, String attributesJson, List<ObjectReference> references,
        String referencesJson) {

    public SourceObject {
        references = references == null ? List.of() : references;
    }

    /** The same object from a decoded event (its documents written as JSON; empty ones when absent). */
    public static SourceObject of(SourceObjectEvent e) {
        List<ObjectReference> refs = e.references() == null ? List.of() : e.references();
        return new SourceObject(e.occurredAt(), e.change(), e.hierarchyId(), e.siteCode(), e.objectType(), e.sourceId(), e.name(),
                e.sourceVersion(), e.fingerprint(), e.lastModified(), Json.write(e.attributes() == null ? Map.of() : e.attributes()), refs,
                Json.write(refs));
    }

    /** Key of the object inside its hierarchy, as {@link SourceObjectEvent#objectKey()}. */
    public String objectKey() {
        return siteCode + "/" + objectType + "/" + sourceId;
    }
}
