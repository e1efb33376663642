package io.cmmigration.gathering.hierarchy;

import io.cmmigration.events.GatheringStatusEvent.TypeCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the hierarchy API. Accounts carry secret references; passwords are never echoed. */
public final class HierarchyApi {

    private HierarchyApi() {
    }

    /** An account: user name plus a reference to its password (secret:<name>, env:<VAR> or file:<path>). */
    public record Account(String username, String passwordRef) {
    }

    public record TopSite(String server, String jdbcUrl, Account databaseAccount, Account providerAccount) {
    }

    /** POST /api/hierarchies. */
    public record SpecifyHierarchy(TopSite topSite, String destinationSiteCode, Integer gatheringIntervalMinutes, Boolean dpSharing) {
    }

    /** POST /api/hierarchies/{id}/sites (2007: an additional primary, configured top-down with its own credentials). */
    public record ConfigureSite(String siteCode, String server, String jdbcUrl, Account databaseAccount, Account providerAccount,
            Integer gatheringIntervalMinutes, Boolean dpSharing) {
    }

    /** PUT /api/hierarchies/{id}/sites/{site}/credentials; jdbcUrl optional (keeps the current one). */
    public record Credentials(String jdbcUrl, Account databaseAccount, Account providerAccount) {
    }

    public record DpSharing(Boolean enabled) {
    }

    public record Schedule(Integer gatheringIntervalMinutes) {
    }

    /** An account as shown: the user name only. */
    public record AccountView(String username) {
    }

    public record SiteView(String siteCode, String parentSiteCode, String serverName, String version, String siteType, boolean configured,
            boolean dpSharingEnabled, int gatheringIntervalMinutes, int statusCode, String status, String statusMessage, String runId,
            Instant lastRunStartedAt, Instant lastRunFinishedAt, Instant lastSuccessAt, Instant nextRunAt, boolean stopped,
            boolean credentialsRequired, AccountView databaseAccount, AccountView providerAccount, long totalObjects, long totalClients,
            Map<String, TypeCounts> counts) {
    }

    public record HierarchyView(String hierarchyId, String topSiteCode, String topSiteServer, String sourceVersion, String sourceFamily,
            String destinationSiteCode, String state, Instant createdAt, List<SiteView> sites) {
    }

    public record GatherNowView(String hierarchyId, String siteCode, Instant nextRunAt, String status) {
    }
}
