package io.cmmigration.dpshare.eligibility;

import io.cmmigration.events.catalogue.SourceFamily;
import java.util.List;

/**
 * What eligibility depends on about one distribution point, as gathered from the source.
 *
 * @param family source family of the hierarchy; null while the hierarchy's version is not known
 * @param dpType STANDARD / SERVER_SHARE / BRANCH (2007) or STANDARD / PULL (2012+)
 * @param siteCode the source site the DP belongs to
 * @param siteIsSecondary whether that site is a secondary site
 */
public record DpFacts(SourceFamily family, String dpType, String siteCode, boolean siteIsSecondary, boolean onSiteServer,
        boolean onSecondarySiteServer, List<String> otherRoles) {

    public DpFacts {
        otherRoles = otherRoles == null ? List.of() : List.copyOf(otherRoles);
    }

    public DpLocation location() {
        if (onSecondarySiteServer) {
            return DpLocation.SECONDARY_SITE_SERVER;
        }
        if (onSiteServer) {
            return DpLocation.PRIMARY_SITE_SERVER;
        }
        return otherRoles.isEmpty() ? DpLocation.SITE_SYSTEM : DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES;
    }
}
