package io.cmmigration.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A source distribution point with everything dp-share-service needs to decide sharing and eligibility (spec §4). */
public record DistributionPointEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        ChangeKind change,
        String hierarchyId,
        String siteCode,
        String nalPath,
        String serverName,
        boolean fqdn,
        String dpType,
        boolean onSiteServer,
        boolean onSecondarySiteServer,
        List<String> otherRoles,
        boolean pullDp,
        boolean pxe,
        boolean protectedDp,
        List<String> protectedBoundaries,
        Long mbytesFree,
        String operatingSystem,
        Integer httpPort,
        Integer httpsPort,
        List<HostedPackage> hostedPackages,
        String gatheringRunId) implements MigrationEvent {

    public static final int SCHEMA_VERSION = 1;

    public DistributionPointEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(hierarchyId, "hierarchyId");
        Objects.requireNonNull(siteCode, "siteCode");
        Objects.requireNonNull(nalPath, "nalPath");
        Objects.requireNonNull(serverName, "serverName");
    }


    /** A package whose content is on this DP, with the source version of the copy on the DP. */
    public record HostedPackage(String packageId, long sourceVersion, Long sizeMBytes) {
    }

    @Override
    public String key() {
        return hierarchyId + "/" + siteCode + "/" + nalPath;
    }
}
