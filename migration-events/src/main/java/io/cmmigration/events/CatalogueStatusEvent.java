package io.cmmigration.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Dashboard figures of the migration catalogue of one source hierarchy (SMS_MigrationDashboard object and client
 * counters, spec §6.2), plus counts per object type and state for the charts. Published by job-service whenever they change.
 */
public record CatalogueStatusEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String hierarchyId,
        long objectsTotal,
        long objectsMigrated,
        long objectsExcluded,
        long objectsRemaining,
        long clientsTotal,
        long clientsMigrated,
        long clientsExcluded,
        long clientsRemaining,
        Map<String, Map<String, Long>> countsByTypeAndState) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    public CatalogueStatusEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(hierarchyId, "hierarchyId");
    }


    @Override
    public String key() {
        return hierarchyId;
    }
}
