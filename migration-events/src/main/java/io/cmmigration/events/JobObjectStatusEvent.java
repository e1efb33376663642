package io.cmmigration.events;

import io.cmmigration.events.catalogue.ObjectType;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The status of one object inside a job (SMS_MigrationJobEntityRelation, spec §6.6). Keyed by job id like the job. */
public record JobObjectStatusEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String jobId,
        String hierarchyId,
        String siteCode,
        ObjectType objectType,
        String sourceId,
        String name,
        Status status,
        int messageCode,
        String message) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    public JobObjectStatusEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(siteCode, "siteCode");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(status, "status");
    }


    /** JobEntityStatus of spec §3.5: not started, completed, running, failed, excluded, skipped. */
    public enum Status {
        NOT_STARTED, COMPLETED, RUNNING, FAILED, EXCLUDED, SKIPPED
    }

    @Override
    public String key() {
        return jobId;
    }
}
