package io.cmmigration.events;

import io.cmmigration.events.catalogue.JobType;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A migration job's state and counters (SMS_MigrationJob, spec §3.5 and §6.5). */
public record JobStatusEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String jobId,
        String jobName,
        JobType jobType,
        String hierarchyId,
        Status status,
        long total,
        long migrated,
        long failed,
        long skipped,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Instant nextRunAt,
        String message) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    public JobStatusEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(status, "status");
    }


    /** Job states of SMS_MigrationJob.Status (0..4), plus DELETED for a job removed before it ran. */
    public enum Status {
        NOT_STARTED, COMPLETED, RUNNING, FAILED, STOPPED, DELETED
    }

    @Override
    public String key() {
        return jobId;
    }
}
