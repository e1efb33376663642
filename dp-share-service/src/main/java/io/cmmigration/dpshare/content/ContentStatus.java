package io.cmmigration.dpshare.content;

/** Whether a package hosted on a shared DP can be served to destination clients, and if not, why (spec §4.1). */
public enum ContentStatus {
    AVAILABLE,
    /** The package was never migrated into the destination. */
    NOT_MIGRATED,
    /** Migrated, but the version that was migrated is not known (the source version was not seen before the migration). */
    VERSION_UNKNOWN,
    /** The copy on the DP has another source version than the migrated one. */
    VERSION_MISMATCH,
    /** The package changed in the source after it was migrated; re-migrate it. */
    CHANGED_IN_SOURCE,
    /** The type cannot be used from a 2007 shared DP (App-V converted to applications; boot image IDs not preserved). */
    NOT_USABLE_FROM_2007_DP
}
