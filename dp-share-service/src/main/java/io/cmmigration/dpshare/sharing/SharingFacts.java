package io.cmmigration.dpshare.sharing;

/**
 * What sharing depends on for one DP (spec §4.1). The "governing" site is the one whose switch applies: the DP's own
 * site, or for a DP of a secondary site its parent (the switch shares the DPs of the site and of its direct child
 * secondary sites).
 *
 * @param hierarchyState ACTIVE / INACTIVE / CLEANED_UP, or null when the hierarchy is not known yet
 * @param governingSiteKnown whether the site (and for a secondary its parent) is known from hierarchy events
 * @param secondaryUninstalled the DP's secondary site was uninstalled by upgrading the DP on its site server (orphan)
 */
public record SharingFacts(String hierarchyState, String dpSiteCode, boolean dpSiteIsSecondary, String governingSiteCode,
        boolean governingSiteKnown, boolean sharingEnabled, boolean gatheringStopped, boolean removedFromSource,
        boolean secondaryUninstalled, String serverName, boolean fqdn, Integer httpPort, Integer httpsPort,
        int destinationHttpPort, int destinationHttpsPort) {
}
