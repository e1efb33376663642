package io.cmmigration.events.topics;

import io.cmmigration.events.DistributionPointEvent;
import io.cmmigration.events.DpStatusEvent;
import io.cmmigration.events.GatheringStatusEvent;
import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.CatalogueStatusEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.SourceObjectEvent;
import java.util.Arrays;
import java.util.List;

/**
 * The topic registry: every Kafka topic of the system, its key, the event types it carries, its partition count and
 * whether it is compacted. Services, deploy manifests (KafkaTopic resources) and the local broker all take topics from
 * here; nothing else names a topic.
 */
public enum Topic {
    HIERARCHY("migration.hierarchy", "hierarchyId", 3, false,
            "Source hierarchy lifecycle: specified, site configured, DP sharing switched, gathering stopped, cleaned up.",
            List.of(HierarchyEvent.class)),
    SOURCE_OBJECTS("migration.source-objects", "hierarchyId/siteCode/objectType/sourceId", 12, true,
            "Latest state of every gathered source object (discovered, changed, removed); compacted so the catalogue can be rebuilt.",
            List.of(SourceObjectEvent.class)),
    DISTRIBUTION_POINTS("migration.distribution-points", "hierarchyId/siteCode/nalPath", 3, true,
            "Latest state of every source distribution point with roles, type, protected boundaries and hosted packages.",
            List.of(DistributionPointEvent.class)),
    GATHERING_STATUS("migration.gathering-status", "hierarchyId/siteCode", 3, false,
            "Data gathering runs: phases, status codes of spec 6.3, counts, last/next run.",
            List.of(GatheringStatusEvent.class)),
    JOB_STATUS("migration.job-status", "jobId", 6, false,
            "Migration job lifecycle and counters, and the status of every object in a job (one batch event per executed chunk).",
            List.of(JobStatusEvent.class, JobObjectStatusEvent.class, JobObjectStatusBatchEvent.class)),
    CATALOGUE_STATUS("migration.catalogue-status", "hierarchyId", 3, true,
            "Catalogue figures per source hierarchy (objects and clients: total, migrated, excluded, remaining) for the dashboard.",
            List.of(CatalogueStatusEvent.class)),
    DP_STATUS("migration.dp-status", "hierarchyId/nalPath", 3, false,
            "Shared distribution points: sharing, eligibility, content availability, reassignment progress.",
            List.of(DpStatusEvent.class)),
    DEAD_LETTER("migration.dead-letter", "original key", 1, false,
            "Messages a consumer could not process (malformed or poison); headers name the original topic, partition, offset and reason.",
            List.of());

    private final String topicName;
    private final String keyDescription;
    private final int partitions;
    private final boolean compacted;
    private final String purpose;
    private final List<Class<? extends MigrationEvent>> valueTypes;

    Topic(String topicName, String keyDescription, int partitions, boolean compacted, String purpose,
            List<Class<? extends MigrationEvent>> valueTypes) {
        this.topicName = topicName;
        this.keyDescription = keyDescription;
        this.partitions = partitions;
        this.compacted = compacted;
        this.purpose = purpose;
        this.valueTypes = valueTypes;
    }

    public String topicName() {
        return topicName;
    }

    public String keyDescription() {
        return keyDescription;
    }

    public int partitions() {
        return partitions;
    }

    public boolean compacted() {
        return compacted;
    }

    public String purpose() {
        return purpose;
    }

    public List<Class<? extends MigrationEvent>> valueTypes() {
        return valueTypes;
    }

    /** Topic carrying a given event type. */
    public static Topic of(Class<? extends MigrationEvent> eventType) {
        return Arrays.stream(values()).filter(t -> t.valueTypes.contains(eventType)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic carries " + eventType.getSimpleName()));
    }

    public static Topic byName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + name));
    }
}
