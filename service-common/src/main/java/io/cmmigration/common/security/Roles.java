package io.cmmigration.common.security;

/**
 * The two roles of every service. {@link #VIEWER} may read; {@link #ADMIN} is ConfigMgr's "Infrastructure
 * Administrator" (spec §1.4) and may change things (specify hierarchies, create and run jobs, reassign DPs).
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String ADMIN = "infra-admin";

    private Roles() {
    }
}
