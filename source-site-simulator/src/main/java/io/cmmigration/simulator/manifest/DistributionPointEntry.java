package io.cmmigration.simulator.manifest;

/**
 * One distribution point as generated. {@code kind} names the case of spec §4 it exercises (e.g. {@code SITE_SERVER},
 * {@code STANDARD}, {@code OTHER_ROLES}, {@code SERVER_SHARE}, {@code BRANCH}, {@code PROTECTED}, {@code PULL},
 * {@code PXE}, {@code NETBIOS_ONLY}, {@code SECONDARY_SITE_SERVER}, {@code SECONDARY_STANDARD}).
 */
public record DistributionPointEntry(String nalPath, String serverName, String siteCode, String dpType, String kind,
                                     boolean fqdn, boolean onSiteServer, boolean onSecondarySiteServer, boolean otherRoles,
                                     boolean pxe, boolean pull, boolean protectedDp, boolean peer, int packageCount) {
}
