package io.cmmigration.dpshare.distributionpoint;

import java.time.Instant;
import java.util.List;

/** A source DP as the Shared Distribution Points tab shows it: sharing with its reasons, eligibility with its reasons, content. */
public record SharedDpView(long id, String hierarchyId, String siteCode, String nalPath, String serverName, String dpType, String state,
        boolean shared, List<String> qualificationReasons, Boolean eligible, String eligibilityKind, List<String> eligibilityReasons,
        boolean fqdn, boolean onSiteServer, boolean onSecondarySiteServer, List<String> otherRoles, boolean pullDp, boolean pxe,
        boolean protectedDp, Long mbytesFree, String operatingSystem, Integer httpPort, Integer httpsPort, int hostedPackages,
        int availablePackages, String destinationSiteCode, boolean removedFromSource, String lastGatheringRunId, Instant updatedAt) {

    public static SharedDpView of(DistributionPoint d) {
        return new SharedDpView(d.id, d.hierarchyId, d.siteCode, d.nalPath, d.serverName, d.dpType, d.state, d.shared,
                DistributionPoint.lines(d.sharingReasons), d.eligible, d.eligibilityKind, DistributionPoint.lines(d.eligibilityReasons), d.fqdn,
                d.onSiteServer, d.onSecondarySiteServer, d.otherRoleList(), d.pullDp, d.pxe, d.protectedDp, d.mbytesFree, d.operatingSystem,
                d.httpPort, d.httpsPort, d.hostedCount, d.availableCount, d.destinationSiteCode, d.removed, d.lastRunId, d.updatedAt);
    }
}
