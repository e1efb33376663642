package io.cmmigration.gathering.source;

import java.util.Map;

/** The gathering status codes of {@code SMS_MigrationSiteMapping.Status} (spec §6.3) and their names. */
public final class GatheringStatus {
    public static final int NOT_GATHERED = 0;
    public static final int READY = 1;
    public static final int GATHERING = 2;
    public static final int FAILED = 3;
    public static final int STOPPED = 4;
    public static final int GATHERING_HIERARCHY = 258;
    public static final int FAILED_UNAUTHORIZED = 259;
    public static final int GATHERING_OBJECTS = 514;
    public static final int FAILED_TIMEOUT = 515;
    public static final int GATHERING_CLIENTS = 770;
    public static final int GATHERING_PACKAGE_STATUS = 1026;
    public static final int FAILED_SQL = 1027;
    public static final int FAILED_CHILD_PRIMARY = 1283;
    public static final int FAILED_SAME_HIERARCHY = 1539;
    public static final int FAILED_UNSUPPORTED_VERSION = 1795;
    public static final int FAILED_DUPLICATE_DESTINATION_SITE_CODE = 2307;
    public static final int FAILED_DUPLICATE_SOURCE_SITE_CODE = 4099;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(NOT_GATHERED, "Have not gathered data"),
            Map.entry(READY, "Ready for next data gathering process"),
            Map.entry(GATHERING, "Gathering data"),
            Map.entry(FAILED, "Failed"),
            Map.entry(STOPPED, "Stopped"),
            Map.entry(GATHERING_HIERARCHY, "Gathering hierarchy data"),
            Map.entry(FAILED_UNAUTHORIZED, "Failed (Unauthorized Access)"),
            Map.entry(GATHERING_OBJECTS, "Gathering object data"),
            Map.entry(FAILED_TIMEOUT, "Failed (Network Timeout)"),
            Map.entry(GATHERING_CLIENTS, "Gathering client data"),
            Map.entry(GATHERING_PACKAGE_STATUS, "Gathering package status data"),
            Map.entry(FAILED_SQL, "Failed (SQL Error)"),
            Map.entry(FAILED_CHILD_PRIMARY, "Failed (Child Primary Site)"),
            Map.entry(FAILED_SAME_HIERARCHY, "Failed (Same Hierarchy)"),
            Map.entry(FAILED_UNSUPPORTED_VERSION, "Failed (Unsupported Site Version)"),
            Map.entry(FAILED_DUPLICATE_DESTINATION_SITE_CODE, "Failed (Duplicated site code with current hierarchy)"),
            Map.entry(FAILED_DUPLICATE_SOURCE_SITE_CODE, "Failed (Duplicated site code with another source hierarchy)"));

    private GatheringStatus() {
    }

    public static String name(int code) {
        return NAMES.getOrDefault(code, "Unknown (" + code + ")");
    }

    /** In progress: low byte 2 (spec §6.3 pattern). */
    public static boolean inProgress(int code) {
        return (code & 0xFF) == 2;
    }
}
