package io.cmmigration.dpshare.eligibility;

/** Where a distribution point is hosted: the columns of the 2007 upgrade table (spec §4.3) plus the primary site server. */
public enum DpLocation {
    /** A site system that is not the site server and hosts no other site system role. */
    SITE_SYSTEM,
    /** A site system that is not the site server but hosts other site system roles. */
    SITE_SYSTEM_WITH_OTHER_ROLES,
    /** The site server of a secondary site. */
    SECONDARY_SITE_SERVER,
    /** The site server of a primary (or central) site: never eligible. */
    PRIMARY_SITE_SERVER
}
