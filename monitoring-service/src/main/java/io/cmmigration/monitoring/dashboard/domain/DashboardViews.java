package io.cmmigration.monitoring.dashboard.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the REST API and the live push return (JSON). */
public final class DashboardViews {

    private DashboardViews() {
    }

    /** A page of items; {@code page} is zero-based. */
    public record Page<T>(List<T> items, long total, int page, int size) {
    }

    public record Counters(long total, long migrated, long excluded, long remaining) {
    }

    /**
     * Figures of one source hierarchy (SMS_MigrationDashboard, spec §6.2). {@code figuresFrom}: "catalogue" when
     * job-service published catalogue figures, "jobs" when only job events are known (objects migrated = distinct
     * objects completed in jobs; total, excluded and remaining then unknown and 0), "none" otherwise.
     */
    public record HierarchyFigures(String hierarchyId, String topSiteCode, String topSiteServer, String sourceVersion,
            String destinationSiteCode, String state, int sourceSites, Counters objects, Counters clients, String figuresFrom,
            Instant lastSuccessfulGathering, Instant objectMigrationLastUpdated) {
    }

    /** The dashboard: totals over all active (not cleaned-up) hierarchies, and per hierarchy. */
    public record Summary(int sourceHierarchies, int sourceSites, int destinationSites,
            long objectsTotal, long objectsMigrated, long objectsExcluded, long objectsRemaining,
            long clientsTotal, long clientsMigrated, long clientsExcluded, long clientsRemaining,
            long jobsTotal, long jobsCompleted, long jobsFailed, long jobsInProgress, long jobsNotStarted, long jobsStopped,
            long sitesGathering, long sitesFailed,
            long sharedDps, long dpsInReassignment,
            Instant lastSuccessfulGathering, Instant objectMigrationLastUpdated, Instant clientMigrationLastUpdated,
            Instant jobStatisticsLastUpdated, Instant generatedAt, List<HierarchyFigures> hierarchies) {
    }

    /** A migration job (SMS_MigrationJob): status name and spec code, counters, timing and throughput. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Job(String jobId, String name, String type, String hierarchyId, String status, int statusCode,
            long total, long migrated, long failed, long skipped, long remaining, double percentDone,
            Instant createdAt, Instant startedAt, Instant endedAt, Instant nextRunAt, Instant lastUpdated,
            Double durationSeconds, Double objectsPerSecond, String message) {
    }

    /** An object inside a job (SMS_MigrationJobEntityRelation). */
    public record JobObject(String jobId, String objectKey, String hierarchyId, String siteCode, String type, String sourceId,
            String name, String status, int messageCode, String message, Instant lastUpdated) {
    }

    public record Site(String hierarchyId, String siteCode, String parentSiteCode, String serverName, String version, String siteType,
            Boolean configured, Boolean dpSharingEnabled, Boolean gatheringStopped, Integer statusCode, String status, String state,
            String statusMessage, String runId, Instant lastRunStartedAt, Instant lastRunFinishedAt, Instant lastSuccessAt,
            Instant nextRunAt, Map<String, Map<String, Long>> counts, Instant lastUpdated) {
    }

    public record Hierarchy(String hierarchyId, String topSiteCode, String topSiteServer, String sourceVersion,
            String destinationSiteCode, String state, String lastAction, String message, Instant lastUpdated, List<Site> sites) {
    }

    public record Dp(String hierarchyId, String siteCode, String nalPath, String serverName, String state, boolean shared,
            Boolean eligible, String eligibilityKind, List<String> reasons, Integer hostedPackages, Integer availablePackages,
            String destinationSiteCode, String message, boolean inQueue, Instant lastUpdated) {
    }

    public record Dps(List<Dp> items, Map<String, Long> byState, long shared, long eligible, long notEligible,
            long eligibilityUnknown, List<Dp> queue) {
    }

    public record TypeStates(String type, long total, Map<String, Long> states) {
    }

    public record ObjectsByType(List<String> states, List<TypeStates> types, Instant lastUpdated) {
    }

    public record ThroughputPoint(Instant start, long migrated, long failed, double objectsPerSecond) {
    }

    public record Throughput(int bucketSeconds, List<ThroughputPoint> buckets) {
    }
}
