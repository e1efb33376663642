package io.cmmigration.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * State of data gathering for one source site, published at every phase change and at the end of a run. {@code statusCode}
 * is the {@code SMS_MigrationSiteMapping.Status} code of spec §6.3 (e.g. 258 gathering hierarchy data, 1 ready,
 * 1027 failed (SQL error)); {@code status} is its name.
 */
public record GatheringStatusEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String hierarchyId,
        String siteCode,
        String runId,
        int statusCode,
        String status,
        String message,
        Instant startedAt,
        Instant finishedAt,
        Instant lastSuccessAt,
        Instant nextRunAt,
        Map<String, TypeCounts> counts) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    public GatheringStatusEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(hierarchyId, "hierarchyId");
        Objects.requireNonNull(siteCode, "siteCode");
        Objects.requireNonNull(status, "status");
    }


    /** Per object type: how many exist after the run, and how many the run found discovered, changed and removed. */
    public record TypeCounts(long total, long discovered, long changed, long removed) {
    }

    @Override
    public String key() {
        return hierarchyId + "/" + siteCode;
    }
}
