package io.cmmigration.gathering.run;

import io.cmmigration.gathering.hierarchy.SourceSite;
import io.cmmigration.gathering.source.GatheringStatus;
import io.cmmigration.gathering.source.SiteDatabaseInfo;

/** A site as first known from v_Site: not configured (no connection, no accounts) until an administrator configures it. */
public final class SiteDefaults {

    private SiteDefaults() {
    }

    public static SourceSite newSite(String hierarchyId, SiteDatabaseInfo.SiteRow row, int intervalMinutes) {
        SourceSite s = new SourceSite();
        s.hierarchyId = hierarchyId;
        s.siteCode = row.siteCode();
        s.parentSiteCode = row.parentSiteCode();
        s.serverName = row.serverName();
        s.siteVersion = row.version();
        s.siteType = row.type();
        s.configured = false;
        s.dpSharing = false;
        s.intervalMinutes = intervalMinutes;
        s.statusCode = GatheringStatus.NOT_GATHERED;
        s.stopped = false;
        return s;
    }
}
