package io.cmmigration.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * The event envelope. Every event carries a unique {@code eventId} (consumers deduplicate on it), a
 * {@code schemaVersion} (bumped on incompatible change; consumers ignore unknown fields), the time it happened and its
 * {@code type} (the JSON discriminator). Events are flat JSON objects; each has a JSON schema in
 * {@code schemas/<type>.schema.json}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SourceObjectEvent.class, name = "SourceObject"),
        @JsonSubTypes.Type(value = DistributionPointEvent.class, name = "DistributionPoint"),
        @JsonSubTypes.Type(value = GatheringStatusEvent.class, name = "GatheringStatus"),
        @JsonSubTypes.Type(value = HierarchyEvent.class, name = "Hierarchy"),
        @JsonSubTypes.Type(value = JobStatusEvent.class, name = "JobStatus"),
        @JsonSubTypes.Type(value = JobObjectStatusEvent.class, name = "JobObjectStatus"),
        @JsonSubTypes.Type(value = JobObjectStatusBatchEvent.class, name = "JobObjectStatusBatch"),
        @JsonSubTypes.Type(value = CatalogueStatusEvent.class, name = "CatalogueStatus"),
        @JsonSubTypes.Type(value = DpStatusEvent.class, name = "DpStatus")
})
public sealed interface MigrationEvent permits SourceObjectEvent, DistributionPointEvent, GatheringStatusEvent, HierarchyEvent,
        JobStatusEvent, JobObjectStatusEvent, JobObjectStatusBatchEvent, CatalogueStatusEvent, DpStatusEvent {

    UUID eventId();

    int schemaVersion();

    Instant occurredAt();

    /** The Kafka record key (see {@link io.cmmigration.events.topics.Topic}): a stable identity so per-key order holds. */
    @JsonIgnore
    String key();

    static UUID newId() {
        return UUID.randomUUID();
    }
}
