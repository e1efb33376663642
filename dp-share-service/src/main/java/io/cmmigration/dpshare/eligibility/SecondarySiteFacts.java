package io.cmmigration.dpshare.eligibility;

/**
 * Facts about the secondary site a DP belongs to that make DPs of that secondary ineligible (spec §4.4).
 *
 * @param serverShareOnSiteServer NAL path of a server-share DP on the secondary's site server, or null
 * @param uninstalledBy NAL path of the DP on the secondary's site server whose upgrade uninstalled the secondary site
 *                      (its other DPs are orphaned), or null
 */
public record SecondarySiteFacts(String serverShareOnSiteServer, String uninstalledBy) {

    public static final SecondarySiteFacts NONE = new SecondarySiteFacts(null, null);
}
