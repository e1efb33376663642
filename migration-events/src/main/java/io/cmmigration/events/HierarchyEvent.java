package io.cmmigration.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Lifecycle of a source hierarchy and its sites. {@code CLEANED_UP} tells every service to purge its migration data for
 * the hierarchy while keeping the records of migrated objects (spec §1.8).
 */
public record HierarchyEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        Action action,
        String hierarchyId,
        String topSiteCode,
        String topSiteServer,
        String sourceVersion,
        String destinationSiteCode,
        String siteCode,
        List<Site> sites,
        String message) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    public HierarchyEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(hierarchyId, "hierarchyId");
    }


    public enum Action {
        SPECIFIED, SITE_CONFIGURED, SITES_DISCOVERED, DP_SHARING_CHANGED, GATHERING_STOPPED, INACTIVATED, ACTIVATED, CLEANED_UP
    }

    /** A site of the source hierarchy as known after the last gathering. */
    public record Site(String siteCode, String parentSiteCode, String serverName, String version, String siteType, boolean configured,
            boolean dpSharingEnabled, boolean gatheringStopped) {
    }

    @Override
    public String key() {
        return hierarchyId;
    }
}
