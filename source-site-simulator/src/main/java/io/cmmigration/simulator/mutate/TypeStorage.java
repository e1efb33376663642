package io.cmmigration.simulator.mutate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.*;

import io.cmmigration.events.catalogue.ObjectType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the mutator finds a catalogue type in the base tables: key, name, version and last-modified columns, the rows
 * owned by an object (deleted and copied with it) and the child rows whose change bumps the object. This is the
 * simulator's statement of "what belongs to an object": e.g. a package owns its programs, a collection its rules,
 * maintenance windows, variables, dependencies (as dependent) and members. Folder memberships are removed with the object
 * through {@code instanceKeyColumn} (the key, or the ModelName for CI-based types).
 */
record TypeStorage(ObjectType type, String table, String key, KeyKind keyKind, String filter, String mutableFilter,
                   String nameTable, String nameColumn, String nameFilter, int nameLimit, String versionColumn, String lastModifiedColumn,
                   List<Owned> owned, List<Child> children, String instanceKeyColumn) {

    enum KeyKind { SITE_ID, OFFER_ID, GUID, INT, CI }

    /** A table whose rows with {@code column = key} belong to the object (copied when cloning unless {@code copy} is false). */
    record Owned(String table, String column, boolean copy) {
    }

    /** A child row change: {@code SET column = expression} on one row of {@code table} with {@code fk = key}. */
    record Child(String table, String fk, String column, String expression, String orderBy) {
    }

    private static final Map<ObjectType, TypeStorage> ALL = new EnumMap<>(ObjectType.class);

    static TypeStorage of(ObjectType type) {
        return ALL.get(type);
    }

    static {
        List<Owned> pkgCommon = List.of(new Owned(PKG_SERVERS, "PackageID", false));
        put(new TypeStorage(ObjectType.COLLECTION, COLLECTIONS, "CollectionID", KeyKind.SITE_ID, null, "IsBuiltIn = 0",
                COLLECTIONS, "CollectionName", null, 255, null, "LastChangeTime",
                List.of(new Owned(RULES_QUERY, "CollectionID", true), new Owned(RULES_DIRECT, "CollectionID", true),
                        new Owned(SERVICE_WINDOWS, "CollectionID", true), new Owned(COLLECTION_VARIABLES, "CollectionID", true),
                        new Owned(COLLECTION_DEPENDENCIES, "DependentCollectionID", true), new Owned(COLLECTION_MEMBERS, "CollectionID", true),
                        new Owned(SUB_COLLECTIONS, "SubCollectionID", false)),
                List.of(new Child(RULES_QUERY, "CollectionID", "RuleName", "left(RuleName, 240) || ' (edited)'", "QueryID"),
                        new Child(SERVICE_WINDOWS, "CollectionID", "Duration", "Duration + 30", "ServiceWindowID"),
                        new Child(COLLECTION_VARIABLES, "CollectionID", "Value", "'changed'", "Name")), "CollectionID"));
        pkg(ObjectType.PACKAGE, 0, List.of(new Owned(PROGRAMS, "PackageID", true)),
                List.of(new Child(PROGRAMS, "PackageID", "CommandLine", "left(CommandLine, 120) || ' /log'", "ProgramName")), pkgCommon);
        pkg(ObjectType.VIRTUAL_APPLICATION_PACKAGE, 7, List.of(new Owned(PROGRAMS, "PackageID", true)),
                List.of(new Child(PROGRAMS, "PackageID", "Duration", "Duration + 15", "ProgramName")), pkgCommon);
        pkg(ObjectType.BOOT_IMAGE, 258, List.of(new Owned(BOOT_IMAGES, "PackageID", true)),
                List.of(new Child(BOOT_IMAGES, "PackageID", "EnableLabShell", "1 - EnableLabShell", "PackageID")), pkgCommon);
        pkg(ObjectType.OS_IMAGE, 257, List.of(new Owned(IMAGE_PACKAGES, "PackageID", true)), List.of(), pkgCommon);
        pkg(ObjectType.OS_INSTALL_PACKAGE, 259, List.of(), List.of(), pkgCommon);
        pkg(ObjectType.DRIVER_PACKAGE, 3, List.of(new Owned(DRIVER_CONTENT, "PkgID", true)), List.of(), pkgCommon);
        pkg(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_PACKAGE, 5, List.of(), List.of(), pkgCommon);
        pkg(ObjectType.TASK_SEQUENCE, 4, List.of(new Owned(TASK_SEQUENCES, "PackageID", true), new Owned(TS_REFERENCES, "PackageID", true)),
                List.of(new Child(TASK_SEQUENCES, "PackageID", "Sequence", "replace(Sequence, '</sequence>', '<step name=\"Edited\"/></sequence>')",
                        "PackageID")), pkgCommon);
        put(new TypeStorage(ObjectType.ADVERTISEMENT, ADVERTISEMENTS, "AdvertisementID", KeyKind.OFFER_ID, null, null,
                ADVERTISEMENTS, "AdvertisementName", null, 100, null, null, List.of(), List.of(),
                "AdvertisementID"));
        put(new TypeStorage(ObjectType.DEPLOYMENT, DEPLOYMENT_SUMMARY, "DeploymentID", KeyKind.GUID, null, null,
                DEPLOYMENT_SUMMARY, "SoftwareName", null, 512, null, "ModificationTime", List.of(), List.of(), null));
        ci(ObjectType.APPLICATION, 10, List.of(new Owned(APPLICATIONS, "CI_ID", true), new Owned(APP_RELATIONS, "FromApplicationCIID", false)),
                List.of(new Child(DEPLOYMENT_TYPES, "AppCI_ID", "InstallCommandLine", "left(InstallCommandLine, 500) || ' /l*v'", "CI_ID")));
        ci(ObjectType.CONFIGURATION_ITEM, 3, List.of(), List.of());
        ci(ObjectType.CONFIGURATION_BASELINE, 2, List.of(new Owned(CI_RELATIONS, "FromCIID", true)), List.of());
        ci(ObjectType.SOFTWARE_UPDATE_GROUP, 9, List.of(new Owned(CI_RELATIONS, "FromCIID", true)), List.of());
        ci(ObjectType.DRIVER, 6, List.of(new Owned(DRIVERS, "CI_ID", true)),
                List.of(new Child(DRIVERS, "CI_ID", "HardwareIDs", "HardwareIDs || ';PCI\\VEN_8086&DEV_FFFF'", "CI_ID")));
        put(new TypeStorage(ObjectType.BOUNDARY, BOUNDARIES, "BoundaryID", KeyKind.INT, null, null, BOUNDARIES, "DisplayName", null, 256,
                null, "ModifiedOn", List.of(new Owned(BOUNDARY_GROUP_MEMBERS, "BoundaryID", true), new Owned(PROTECTED_SITE_SYSTEMS, "BoundaryID", true)),
                List.of(new Child(PROTECTED_SITE_SYSTEMS, "BoundaryID", "Flags", "1 - Flags", "ServerNALPath")), null));
        put(new TypeStorage(ObjectType.SOFTWARE_METERING_RULE, METERING_RULES, "SecurityKey", KeyKind.SITE_ID, null, null, METERING_RULES,
                "ProductName", null, 255, null, "LastUpdateTime", List.of(), List.of(), null));
        put(new TypeStorage(ObjectType.AI_CATALOG_CATEGORY, AI_CATEGORIES, "CategoryID", KeyKind.INT, "IsEditable = 1", null, AI_CATEGORIES,
                "CategoryName", null, 255, null, "LastUpdated", List.of(), List.of(), null));
        put(new TypeStorage(ObjectType.AI_SOFTWARE_LIST, AI_SOFTWARE_LIST, "SoftwareID", KeyKind.INT, "IsEditable = 1", null, AI_SOFTWARE_LIST,
                "ProductName", null, 255, null, "LastUpdated", List.of(), List.of(), null));
        simple(ObjectType.AI_HARDWARE_REQUIREMENT, AI_HARDWARE, "HardwareRequirementID", "SoftwareTitle", 255, "LastUpdated");
        simple(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE, TEMPLATES, "TemplateID", "Name", 255, "DateLastModified");
        simple(ObjectType.SAVED_SEARCH, SAVED_SEARCHES, "SearchID", "Name", 255, "DateLastModified");
        put(new TypeStorage(ObjectType.APPV_VIRTUAL_ENVIRONMENT, VIRTUAL_ENVIRONMENTS, "VirtualEnvironmentID", KeyKind.INT, null, null,
                VIRTUAL_ENVIRONMENTS, "Name", null, 256, "CIVersion", "DateLastModified", List.of(),
                List.of(), "VirtualEnvironmentID"));
        put(new TypeStorage(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT, CI_ASSIGNMENTS, "AssignmentID", KeyKind.INT, "AssignmentType = 1", null,
                CI_ASSIGNMENTS, "AssignmentName", null, 255, null, "LastModificationTime",
                List.of(new Owned(CI_ASSIGNMENT_TO_CI, "AssignmentID", true)), List.of(), null));
        put(new TypeStorage(ObjectType.ORGANIZATIONAL_FOLDER, FOLDERS, "ContainerNodeID", KeyKind.INT, null,
                "NOT EXISTS (SELECT 1 FROM Folders c WHERE c.ParentContainerNodeID = Folders.ContainerNodeID) "
                        + "AND NOT EXISTS (SELECT 1 FROM FolderMembers m WHERE m.ContainerNodeID = Folders.ContainerNodeID)",
                FOLDERS, "Name", null, 255, null, null, List.of(), List.of(), null));
        put(new TypeStorage(ObjectType.CLIENT, SYSTEM_DISC, "ResourceID", KeyKind.INT, "Client0 = 1 AND Obsolete0 = 0", null,
                SYSTEM_DISC, "Netbios_Name0", null, 15, null, null, List.of(new Owned(SYSTEM_ASSIGNED_SITES, "ResourceID", true)),
                List.of(), null));
    }

    private static void put(TypeStorage s) {
        ALL.put(s.type(), s);
    }

    private static void simple(ObjectType type, String table, String key, String name, int limit, String lastModified) {
        put(new TypeStorage(type, table, key, KeyKind.INT, null, null, table, name, null, limit, null, lastModified, List.of(), List.of(), null));
    }

    private static void pkg(ObjectType type, int packageType, List<Owned> owned, List<Child> children, List<Owned> common) {
        List<Owned> all = new java.util.ArrayList<>(owned);
        all.addAll(common);
        put(new TypeStorage(type, PACKAGES, "PackageID", KeyKind.SITE_ID, "PackageType = " + packageType,
                "Name <> 'Configuration Manager Client Package'", PACKAGES, "Name", null, 50, "SourceVersion", "LastRefreshTime",
                List.copyOf(all), children, "PackageID"));
    }

    private static void ci(ObjectType type, int ciType, List<Owned> owned, List<Child> children) {
        List<Owned> all = new java.util.ArrayList<>(List.of(new Owned(CI_LOCALIZED, "CI_ID", true)));
        all.addAll(owned);
        put(new TypeStorage(type, CIS, "CI_ID", KeyKind.CI, "CIType_ID = " + ciType + " AND IsLatest = 1", null,
                CI_LOCALIZED, "DisplayName", "LocaleID = 1033", 256, "CIVersion", "DateLastModified", List.copyOf(all), children, "ModelName"));
    }
}
