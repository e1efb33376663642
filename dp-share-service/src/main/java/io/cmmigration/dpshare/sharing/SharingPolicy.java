package io.cmmigration.dpshare.sharing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Spec §4.1: a source site's switch shares all qualifying DPs of the site and of its direct child secondary sites while
 * gathering is active; a DP qualifies when its host has an FQDN (NetBIOS-only DPs are ignored) and it uses the same
 * client request ports as the destination site. Re-applied at every gathering, hierarchy change and DP change. Pure.
 */
public final class SharingPolicy {

    private SharingPolicy() {
    }

    public static SharingDecision decide(SharingFacts f) {
        List<String> no = new ArrayList<>();
        if (f.hierarchyState() == null || "UNKNOWN".equals(f.hierarchyState())) {
            no.add("The source hierarchy is not known yet (no hierarchy event received)");
        } else if ("INACTIVE".equals(f.hierarchyState())) {
            no.add("The source hierarchy is inactive (another source hierarchy is current); its DPs are not offered");
        } else if ("CLEANED_UP".equals(f.hierarchyState())) {
            no.add("Migration data of the source hierarchy was cleaned up");
        }
        if (f.removedFromSource()) {
            no.add("The DP was not found by the last data gathering (removed from the source)");
        }
        if (f.secondaryUninstalled()) {
            no.add("Orphaned: secondary site " + f.dpSiteCode() + " was uninstalled by the upgrade of the DP on its site server");
        }
        String via = f.dpSiteIsSecondary() ? " (the DP belongs to its direct child secondary site " + f.dpSiteCode() + ")" : "";
        if (!f.governingSiteKnown()) {
            no.add("Source site " + f.governingSiteCode() + " is not known from the hierarchy yet");
        } else {
            if (!f.sharingEnabled()) {
                no.add("Distribution point sharing is not enabled for source site " + f.governingSiteCode() + via);
            }
            if (f.gatheringStopped()) {
                no.add("Data gathering is stopped for source site " + f.governingSiteCode() + via + "; its DPs are no longer offered");
            }
        }
        if (!f.fqdn()) {
            no.add("The DP host '" + f.serverName() + "' is configured with a NetBIOS name only; sharing requires an FQDN");
        }
        String ports = portsMismatch(f);
        if (ports != null) {
            no.add(ports);
        }
        if (!no.isEmpty()) {
            return new SharingDecision(false, no);
        }
        return new SharingDecision(true, List.of(
                "Distribution point sharing is enabled for source site " + f.governingSiteCode() + via,
                "The DP host has an FQDN (" + f.serverName() + ")",
                "Client request ports HTTP " + f.httpPort() + " / HTTPS " + f.httpsPort() + " match the destination site"));
    }

    private static String portsMismatch(SharingFacts f) {
        if (f.httpPort() == null || f.httpsPort() == null) {
            return "The client request ports of the DP's site were not reported by gathering, so they cannot be compared with"
                    + " the destination site (HTTP " + f.destinationHttpPort() + " / HTTPS " + f.destinationHttpsPort() + ")";
        }
        if (!Objects.equals(f.httpPort(), f.destinationHttpPort()) || !Objects.equals(f.httpsPort(), f.destinationHttpsPort())) {
            return "Client request ports HTTP " + f.httpPort() + " / HTTPS " + f.httpsPort() + " differ from the destination site's"
                    + " HTTP " + f.destinationHttpPort() + " / HTTPS " + f.destinationHttpsPort();
        }
        return null;
    }
}
