package io.cmmigration.events;

import io.cmmigration.events.catalogue.ObjectType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The status of many objects of one job at once: what a chunk of a running job (up to {@link #MAX_OBJECTS} objects)
 * ended with, or a lifecycle step that touches many objects (exclusion, stop). Keyed by job id like the job, so it keeps
 * its order with the job's {@link JobStatusEvent}s.
 *
 * <p>Why a batch: a job of 200,000 objects used to produce 200,000 {@link JobObjectStatusEvent}s, each an outbox row
 * written, read and deleted, a Kafka record, and an inbox row or history row in every consumer: more rows than the
 * migration itself writes. One event per chunk carries the same facts. {@link JobObjectStatusEvent} stays in the contract
 * for single-object changes and for records already on the topic; consumers treat it as a batch of one.
 *
 * <p>{@code sourceVersion} of a {@link JobObjectStatus.Status#COMPLETED} entry is the source version the job wrote
 * (null for types without one), so a consumer needs no guess about which version was migrated.
 */
public record JobObjectStatusBatchEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String jobId,
        String hierarchyId,
        List<JobObjectStatus> objects) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    /** Largest batch a producer sends: keeps a record well below Kafka's default 1 MB limit (≈ 250 bytes per entry). */
    public static final int MAX_OBJECTS = 1000;

    public JobObjectStatusBatchEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(objects, "objects");
        if (objects.isEmpty() || objects.size() > MAX_OBJECTS) {
            throw new IllegalArgumentException("a batch carries 1.." + MAX_OBJECTS + " objects, not " + objects.size());
        }
        objects = List.copyOf(objects);
    }

    /** One object's status in the job; the same fields as {@link JobObjectStatusEvent} plus the migrated source version. */
    public record JobObjectStatus(
            String siteCode,
            ObjectType objectType,
            String sourceId,
            String name,
            JobObjectStatusEvent.Status status,
            int messageCode,
            String message,
            Long sourceVersion) {

        public JobObjectStatus {
            Objects.requireNonNull(siteCode, "siteCode");
            Objects.requireNonNull(objectType, "objectType");
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(status, "status");
        }

        /** {@code site/TYPE/sourceId}, the object key used across services. */
        public String objectKey() {
            return siteCode + "/" + objectType.name() + "/" + sourceId;
        }
    }

    /** A single-object event seen as a batch of one (its version unknown), so consumers have one code path. */
    public static JobObjectStatusBatchEvent of(JobObjectStatusEvent e) {
        return new JobObjectStatusBatchEvent(e.eventId(), SCHEMA_VERSION, e.occurredAt(), e.jobId(), e.hierarchyId(),
                List.of(new JobObjectStatus(e.siteCode(), e.objectType(), e.sourceId(), e.name(), e.status(), e.messageCode(),
                        e.message(), null)));
    }

    @Override
    public String key() {
        return jobId;
    }
}
