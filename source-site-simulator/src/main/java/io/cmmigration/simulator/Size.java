package io.cmmigration.simulator;

import io.cmmigration.events.catalogue.ObjectType;

import java.util.EnumMap;
import java.util.Map;

/**
 * Named sizes of a simulated hierarchy (design: "Reference workload"). Counts are per hierarchy and per top-level object
 * type; a 2007 hierarchy splits them over its primary site databases. Built-in collections and non-client discovery
 * records come on top of the counts; a type the version does not have is not generated whatever its count.
 */
public enum Size {
    /** A few of every type; generates in about a second (unit and component tests). */
    TINY(1, 12),
    /** A few hundred objects (local run, dashboard demos). */
    DEMO(40, 40),
    /** About 200k objects plus 100k clients (spec reference workload). */
    STANDARD(1000, 500),
    /** Ten times {@link #STANDARD}. */
    LARGE(10000, 5000);

    private final int scale;
    private final int distributionPoints;

    Size(int scale, int distributionPoints) {
        this.scale = scale;
        this.distributionPoints = distributionPoints;
    }

    public int distributionPoints() {
        return distributionPoints;
    }

    /** Object counts per top-level type; {@link #STANDARD} is the reference workload of the architecture document. */
    public Map<ObjectType, Integer> counts() {
        Map<ObjectType, Integer> c = new EnumMap<>(ObjectType.class);
        if (this == TINY) {
            for (ObjectType t : ObjectType.values()) {
                c.put(t, 4);
            }
            c.put(ObjectType.COLLECTION, 8);
            c.put(ObjectType.PACKAGE, 6);
            c.put(ObjectType.DRIVER, 8);
            c.put(ObjectType.SOFTWARE_UPDATE, 12);
            c.put(ObjectType.ORGANIZATIONAL_FOLDER, 12);
            c.put(ObjectType.CLIENT, 24);
            c.put(ObjectType.DEPLOYMENT, 6);
            c.put(ObjectType.ADVERTISEMENT, 6);
            return c;
        }
        c.put(ObjectType.COLLECTION, 10 * scale);
        c.put(ObjectType.PACKAGE, 20 * scale);
        c.put(ObjectType.APPLICATION, 5 * scale);
        c.put(ObjectType.TASK_SEQUENCE, 2 * scale);
        c.put(ObjectType.DRIVER, 50 * scale);
        c.put(ObjectType.DRIVER_PACKAGE, Math.max(4, scale / 2));
        c.put(ObjectType.CONFIGURATION_ITEM, 5 * scale);
        c.put(ObjectType.CONFIGURATION_BASELINE, Math.max(4, scale / 2));
        c.put(ObjectType.SOFTWARE_UPDATE_GROUP, scale);
        c.put(ObjectType.BOUNDARY, 2 * scale);
        c.put(ObjectType.DEPLOYMENT, 20 * scale);
        c.put(ObjectType.ADVERTISEMENT, 20 * scale);
        c.put(ObjectType.CLIENT, 100 * scale);
        c.put(ObjectType.SOFTWARE_UPDATE, 8 * scale);
        c.put(ObjectType.BOOT_IMAGE, Math.max(4, scale / 50));
        c.put(ObjectType.OS_IMAGE, Math.max(4, scale / 10));
        c.put(ObjectType.OS_INSTALL_PACKAGE, Math.max(4, scale / 20));
        c.put(ObjectType.VIRTUAL_APPLICATION_PACKAGE, Math.max(4, scale / 2));
        c.put(ObjectType.APPV_VIRTUAL_ENVIRONMENT, Math.max(4, scale / 20));
        c.put(ObjectType.AI_CATALOG_CATEGORY, Math.max(4, scale / 20));
        c.put(ObjectType.AI_SOFTWARE_LIST, Math.max(4, scale / 5));
        c.put(ObjectType.AI_HARDWARE_REQUIREMENT, Math.max(4, scale / 10));
        c.put(ObjectType.SOFTWARE_METERING_RULE, Math.max(4, scale * 3 / 10));
        c.put(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_PACKAGE, Math.max(4, scale / 10));
        c.put(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE, Math.max(4, scale / 30));
        c.put(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT, scale);
        c.put(ObjectType.ORGANIZATIONAL_FOLDER, 2 * scale);
        c.put(ObjectType.SAVED_SEARCH, Math.max(4, scale / 10));
        return c;
    }

    public static Size parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
