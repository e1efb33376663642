package io.cmmigration.simulator;

/** Role of a site in its hierarchy; {@code siteType} is the value of {@code v_Site.Type}. */
public enum SiteRole {
    SECONDARY(1),
    PRIMARY(2),
    CENTRAL_ADMINISTRATION(4);

    private final int siteType;

    SiteRole(int siteType) {
        this.siteType = siteType;
    }

    public int siteType() {
        return siteType;
    }
}
