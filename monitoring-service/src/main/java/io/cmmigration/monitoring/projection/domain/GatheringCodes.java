package io.cmmigration.monitoring.projection.domain;

import java.util.Map;

/** Gathering status codes of SMS_MigrationSiteMapping.Status (spec §6.3), for labels and run outcomes. */
public final class GatheringCodes {

    public static final int NOT_GATHERED = 0;
    public static final int READY = 1;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "Have not gathered data"), Map.entry(1, "Ready for next data gathering process"),
            Map.entry(2, "Gathering data"), Map.entry(3, "Failed"), Map.entry(4, "Stopped"),
            Map.entry(258, "Gathering hierarchy data"), Map.entry(259, "Failed (Unauthorized Access)"),
            Map.entry(514, "Gathering object data"), Map.entry(515, "Failed (Network Timeout)"),
            Map.entry(770, "Gathering client data"), Map.entry(771, "Failed (No Permission to Source Site WMI)"),
            Map.entry(1026, "Gathering package status data"), Map.entry(1027, "Failed (SQL Error)"),
            Map.entry(1283, "Failed (Child Primary Site)"), Map.entry(1539, "Failed (Same Hierarchy)"),
            Map.entry(1795, "Failed (Unsupported Site Version)"),
            Map.entry(2051, "Failed (No Permission to fnSCCMMultiByteToWideChar)"),
            Map.entry(2307, "Failed (Duplicated site code with current hierarchy)"),
            Map.entry(4099, "Failed (Duplicated site code with another source hierarchy)"));

    private GatheringCodes() {
    }

    /** The documented name of a code, or null for a code the spec does not list. */
    public static String name(int code) {
        return NAMES.get(code);
    }

    /** Low byte 3 is a failure (3, 259, 515, ... 4099). */
    public static boolean isFailure(int code) {
        return (code & 0xFF) == 3;
    }

    /** Low byte 2 is a gathering phase in progress (2, 258, 514, 770, 1026). */
    public static boolean inProgress(int code) {
        return (code & 0xFF) == 2;
    }

    /** A word for the state, so the page never relies on colour alone. */
    public static String kind(Integer code) {
        if (code == null || code == NOT_GATHERED) {
            return "NOT_GATHERED";
        }
        if (code == READY) {
            return "READY";
        }
        if (code == 4) {
            return "STOPPED";
        }
        return isFailure(code) ? "FAILED" : inProgress(code) ? "GATHERING" : "UNKNOWN";
    }
}
