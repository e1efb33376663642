package io.cmmigration.dpshare.eligibility;

import io.cmmigration.events.catalogue.SourceFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Eligibility of a shared distribution point for upgrade (2007, spec §4.3–§4.4) or reassignment (2012/CB, spec §4.5).
 * Pure rules, no I/O. The operating system is deliberately not checked: the product's eligibility check does not
 * validate it either (spec §4.3).
 *
 * <pre>
 * 2007 DP type       | site system | site system + other roles | secondary site server
 * Standard           | yes         | no                        | yes (uninstalls the secondary site)
 * Server share       | yes (drive) | no                        | no
 * Branch             | yes         | no                        | no
 * (a DP on a primary site server is never eligible)
 * </pre>
 */
public final class EligibilityPolicy {

    public static final String STANDARD = "STANDARD";
    public static final String SERVER_SHARE = "SERVER_SHARE";
    public static final String BRANCH = "BRANCH";
    public static final String PULL = "PULL";

    private EligibilityPolicy() {
    }

    public static Eligibility evaluate(DpFacts dp, SecondarySiteFacts secondary) {
        if (secondary == null) {
            secondary = SecondarySiteFacts.NONE;
        }
        DpLocation location = dp.location();
        if (dp.family() == null) {
            return new Eligibility(false, null, location, false,
                    List.of("The source version of the hierarchy is not known yet, so upgrade or reassignment rules cannot be applied"));
        }
        return dp.family() == SourceFamily.CM2007 ? evaluate2007(dp, secondary, location) : evaluate2012(dp, location);
    }

    private static Eligibility evaluate2007(DpFacts dp, SecondarySiteFacts secondary, DpLocation location) {
        String type = dp.dpType() == null ? "" : dp.dpType().trim().toUpperCase(Locale.ROOT);
        List<String> reasons = new ArrayList<>();
        boolean orphaned = false;
        if (!List.of(STANDARD, SERVER_SHARE, BRANCH).contains(type)) {
            reasons.add("Unknown Configuration Manager 2007 distribution point type '" + dp.dpType()
                    + "' (expected STANDARD, SERVER_SHARE or BRANCH)");
            return new Eligibility(false, EligibilityKind.UPGRADE, location, false, reasons);
        }
        String name = describe2007(type);
        switch (location) {
            case PRIMARY_SITE_SERVER -> reasons.add("The " + name + " is on the site server of primary site " + dp.siteCode()
                    + "; a DP on a primary site server is never eligible for upgrade");
            case SITE_SYSTEM_WITH_OTHER_ROLES -> reasons.add("The " + name + " shares its site system with other roles ("
                    + String.join(", ", dp.otherRoles()) + "); only a DP without other roles can be upgraded");
            case SECONDARY_SITE_SERVER -> {
                if (!type.equals(STANDARD)) {
                    reasons.add("The " + name + " is on the site server of secondary site " + dp.siteCode()
                            + "; only a standard DP on a secondary site server can be upgraded");
                }
            }
            case SITE_SYSTEM -> {
                // eligible by the table for every 2007 type
            }
        }
        if (dp.siteIsSecondary() && secondary.serverShareOnSiteServer() != null) {
            reasons.add("Secondary site " + dp.siteCode() + " has a distribution point on a server share on its site server ("
                    + secondary.serverShareOnSiteServer() + "), which makes the secondary site and all its DPs ineligible; add a"
                    + " standard DP on that server, redistribute the content and remove the server-share DP first");
        }
        if (dp.siteIsSecondary() && secondary.uninstalledBy() != null && location != DpLocation.SECONDARY_SITE_SERVER) {
            orphaned = true;
            reasons.add("Orphaned: secondary site " + dp.siteCode() + " was uninstalled when the DP on its site server ("
                    + secondary.uninstalledBy() + ") was upgraded; this DP is no longer managed, shared or eligible");
        }
        if (!reasons.isEmpty()) {
            return new Eligibility(false, EligibilityKind.UPGRADE, location, orphaned, reasons);
        }
        List<String> notes = new ArrayList<>();
        notes.add(location == DpLocation.SECONDARY_SITE_SERVER
                ? "Eligible for upgrade: standard DP on the site server of secondary site " + dp.siteCode()
                        + "; the upgrade uninstalls the secondary site and its roles and orphans its other DPs"
                : "Eligible for upgrade: " + name + " on a site system without other roles");
        if (type.equals(SERVER_SHARE)) {
            notes.add("The server share is converted to a standard DP; choose a drive for its content library");
        }
        if (type.equals(BRANCH)) {
            notes.add("Uninstall the Configuration Manager 2007 client from the branch DP first, otherwise its content is deleted");
        }
        notes.add("Needs free disk space at least the size of the largest package on the DP; content not migrated before the"
                + " upgrade is lost");
        return new Eligibility(true, EligibilityKind.UPGRADE, location, false, notes);
    }

    private static Eligibility evaluate2012(DpFacts dp, DpLocation location) {
        List<String> reasons = new ArrayList<>();
        if (location == DpLocation.PRIMARY_SITE_SERVER || location == DpLocation.SECONDARY_SITE_SERVER) {
            String where = location == DpLocation.SECONDARY_SITE_SERVER ? "secondary site " : "site ";
            reasons.add("The DP is on the site server of " + where + dp.siteCode() + "; a DP on a site server cannot be reassigned");
        }
        if (!dp.otherRoles().isEmpty()) {
            reasons.add("The DP is co-located with other site system roles (" + String.join(", ", dp.otherRoles())
                    + "); only a DP without other roles can be reassigned");
        }
        if (!reasons.isEmpty()) {
            return new Eligibility(false, EligibilityKind.REASSIGNMENT, location, false, reasons);
        }
        String type = dp.dpType() == null ? "" : dp.dpType().trim().toUpperCase(Locale.ROOT);
        return new Eligibility(true, EligibilityKind.REASSIGNMENT, location, false, List.of(
                "Eligible for reassignment: " + (type.equals(PULL) ? "pull DP" : "DP") + " of " + (dp.siteIsSecondary() ? "secondary" : "primary")
                        + " site " + dp.siteCode() + " on a site system without other roles; no content conversion and no extra disk space"));
    }

    private static String describe2007(String type) {
        return switch (type) {
            case SERVER_SHARE -> "DP on a server share";
            case BRANCH -> "branch DP";
            default -> "standard DP";
        };
    }
}
