package io.cmmigration.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Shared distribution point state: sharing, eligibility, content availability and reassignment progress (spec §4). */
public record DpStatusEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String hierarchyId,
        String siteCode,
        String nalPath,
        String serverName,
        String state,
        boolean shared,
        Boolean eligible,
        String eligibilityKind,
        List<String> reasons,
        Integer hostedPackages,
        Integer availablePackages,
        String destinationSiteCode,
        String message) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    public DpStatusEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(hierarchyId, "hierarchyId");
        Objects.requireNonNull(siteCode, "siteCode");
        Objects.requireNonNull(nalPath, "nalPath");
        Objects.requireNonNull(state, "state");
    }


    @Override
    public String key() {
        return hierarchyId + "/" + nalPath;
    }
}
