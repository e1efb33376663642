package io.cmmigration.events.catalogue;

/**
 * Documented changes an object undergoes on its way into the destination (spec §3.3, §3.7, §3.9). Reconciliation
 * compares source and destination modulo exactly these transformations.
 */
public enum Transformation {
    /** 2007 site codes embedded in collection query rules are replaced by the job's site code mapping. */
    REPLACE_SITE_CODES_IN_QUERIES,
    /** The limiting collection is replaced by the job's collection limiting mapping, if one is given. */
    MAP_LIMITING_COLLECTION,
    /** The "include unknown computers" rule is dropped (with a warning). */
    DROP_UNKNOWN_COMPUTERS_RULE,
    /** A collection without members or rules becomes an organisational folder. */
    EMPTY_COLLECTION_TO_FOLDER,
    /** Programs are disabled (ProgramFlags 0x00001000) unless the job enables programs after advertisement migration. */
    DISABLE_PROGRAMS,
    /** Advertisements / software update deployments are written disabled. */
    DISABLE_DEPLOYMENT,
    /** Boot image source path reset to the destination's default image location; job may substitute a custom boot image. */
    RESET_BOOT_IMAGE_SOURCE,
    /** Task sequence reference to the 2007 client install package is replaced by the destination's client package. */
    REPLACE_CLIENT_PACKAGE_REFERENCE,
    /** 2007 App-V package converted to an application (one deployment type per advertisement, at least one). */
    APPV_PACKAGE_TO_APPLICATION,
    /** 2007 software update list becomes a software update group. */
    UPDATE_LIST_TO_UPDATE_GROUP,
    /** 2007 software update deployment becomes a deployment plus an update group. */
    UPDATE_DEPLOYMENT_TO_DEPLOYMENT_AND_GROUP,
    /** 2007 deployment template Duration is not migrated. */
    DROP_TEMPLATE_DURATION,
    /** Boundaries are added to a new boundary group (content location on, site assignment off). */
    ADD_BOUNDARY_TO_NEW_GROUP,
    /** Site code fields are mapped to the destination site code. */
    REMAP_SITE_CODE,
    /** Client record keeps its GUID (SMS_Unique_Identifier0) so the reassigned client is recognised. */
    KEEP_CLIENT_GUID
}
