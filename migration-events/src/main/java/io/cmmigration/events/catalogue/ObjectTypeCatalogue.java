package io.cmmigration.events.catalogue;

import static io.cmmigration.events.catalogue.JobType.COLLECTION;
import static io.cmmigration.events.catalogue.JobType.MODIFIED_AFTER_MIGRATION;
import static io.cmmigration.events.catalogue.JobType.OBJECT;
import static io.cmmigration.events.catalogue.SourceFamily.CM2007;
import static io.cmmigration.events.catalogue.SourceFamily.CM2012_PLUS;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object-type catalogue: one table that drives everything type-specific (architecture decision). Gathering reads
 * {@link ObjectTypeSpec#source()}, children and references from it; job-service takes job-type availability,
 * dependencies, remap fields and transformations from it; the dashboard takes display names from it.
 *
 * <p>Source queries use only the documented ConfigMgr views of spec §8.2 (community-sourced columns are marked [C] in
 * the spec; view names the spec marks undocumented are the simulator's documented choice, see its README). Every query
 * is portable SQL (no vendor syntax) and is run against simulator databases of every version in tests.
 */
public final class ObjectTypeCatalogue {

    private static final Map<ObjectType, ObjectTypeSpec> SPECS = new EnumMap<>(ObjectType.class);

    private static final Set<JobType> C_O_M = EnumSet.of(COLLECTION, OBJECT, MODIFIED_AFTER_MIGRATION);
    private static final Set<JobType> O_M = EnumSet.of(OBJECT, MODIFIED_AFTER_MIGRATION);
    private static final Set<JobType> C_O = EnumSet.of(COLLECTION, OBJECT);
    private static final Set<JobType> C_ONLY = EnumSet.of(COLLECTION);
    private static final Set<JobType> O_ONLY = EnumSet.of(OBJECT);

    static {
        // --- Collections (spec §3.7): 2007 via collection jobs, 2012+ via object jobs (rules only).
        type(ObjectType.COLLECTION, "Collection", "SMS_Collection", 1)
                .jobs(CM2007, C_ONLY).jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM v_Collection", "CollectionID", "Name", null, "LastChangeTime")
                .child("queryRules", "SELECT * FROM v_CollectionRuleQuery", "CollectionID", null)
                .child("directRules", "SELECT * FROM v_CollectionRuleDirect", "CollectionID", null)
                .child("maintenanceWindows", "SELECT * FROM v_ServiceWindow", "CollectionID", ObjectType.MAINTENANCE_WINDOW)
                .child("variables", "SELECT * FROM v_CollectionVariable", "CollectionID", ObjectType.COLLECTION_VARIABLE)
                .ref(ReferenceSource.relation("limitingCollection", ObjectType.COLLECTION, true,
                        "SELECT DependentCollectionID AS FromKey, SourceCollectionID AS ToKey FROM vSMS_CollectionDependencies WHERE RelationshipType = 1"))
                .ref(ReferenceSource.relation("includeCollection", ObjectType.COLLECTION, true,
                        "SELECT DependentCollectionID AS FromKey, SourceCollectionID AS ToKey FROM vSMS_CollectionDependencies WHERE RelationshipType = 2"))
                .ref(ReferenceSource.relation("excludeCollection", ObjectType.COLLECTION, true,
                        "SELECT DependentCollectionID AS FromKey, SourceCollectionID AS ToKey FROM vSMS_CollectionDependencies WHERE RelationshipType = 3"))
                // 2007 sub-collections and linked collections (spec §3.7: a folder plus the collections); empty on 2012+ sources.
                .ref(ReferenceSource.relation("subCollection", ObjectType.COLLECTION, false,
                        "SELECT ParentCollectionID AS FromKey, SubCollectionID AS ToKey FROM v_CollectToSubCollect"))
                .ref(ReferenceSource.relation("parentCollection", ObjectType.COLLECTION, false,
                        "SELECT SubCollectionID AS FromKey, ParentCollectionID AS ToKey FROM v_CollectToSubCollect"))
                .folder()
                .remap("LimitToCollectionID", "queryRules.QueryExpression")
                .transform(Transformation.REPLACE_SITE_CODES_IN_QUERIES, Transformation.MAP_LIMITING_COLLECTION,
                        Transformation.DROP_UNKNOWN_COMPUTERS_RULE, Transformation.EMPTY_COLLECTION_TO_FOLDER)
                .notes("Collections mixing users and devices, or referencing a collection of another resource type, cannot migrate. "
                        + "2007 collections are evaluated at every destination site: map a limiting collection. AMT provisioning settings do not migrate.");
        type(ObjectType.MAINTENANCE_WINDOW, "Maintenance window", "SMS_ServiceWindow", 0)
                .jobs(CM2007, C_ONLY).embeddedIn(ObjectType.COLLECTION)
                .notes("Migrates as a setting of its collection.");
        type(ObjectType.COLLECTION_VARIABLE, "Collection variable", "SMS_CollectionVariable", 0)
                .jobs(CM2007, C_ONLY).embeddedIn(ObjectType.COLLECTION)
                .notes("Migrates with its collection.");

        // --- Software distribution (spec §3.9).
        type(ObjectType.PACKAGE, "Software distribution package", "SMS_Package", 2)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM v_Package WHERE PackageType = 0", "PackageID", "Name", "SourceVersion", "LastRefreshTime")
                .child("programs", "SELECT * FROM v_Program", "PackageID", ObjectType.PROGRAM)
                .folder()
                .remap("SourceSite")
                .transform(Transformation.DISABLE_PROGRAMS)
                .notes("The package source must be a UNC path readable by the content owner site; run Update Distribution Points after migration "
                        + "(this ends its use from shared distribution points).");
        type(ObjectType.PROGRAM, "Program", "SMS_Program", 0)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M).embeddedIn(ObjectType.PACKAGE)
                .notes("Migrates with its package; disabled unless the job enables programs after advertisement migration.");
        type(ObjectType.ADVERTISEMENT, "Advertisement", "SMS_Advertisement", 16)
                .jobs(CM2007, C_ONLY)
                .source("SELECT * FROM v_Advertisement", "AdvertisementID", "AdvertisementName", null, null)
                .ref(ReferenceSource.column("package", ObjectType.PACKAGE, true, "PackageID"))
                .ref(ReferenceSource.column("collection", ObjectType.COLLECTION, true, "CollectionID"))
                .folder()
                .remap("SourceSite", "CollectionID", "PackageID")
                .transform(Transformation.DISABLE_DEPLOYMENT, Transformation.DISABLE_PROGRAMS)
                .notes("Disabled after migration by default. Advertisements of virtual application packages cannot migrate.");
        type(ObjectType.DEPLOYMENT, "Deployment", "SMS_DeploymentSummary", 16)
                .jobs(CM2012_PLUS, O_ONLY)
                .source("SELECT * FROM v_DeploymentSummary", "DeploymentID", "SoftwareName", null, "ModificationTime")
                .ref(ReferenceSource.column("collection", ObjectType.COLLECTION, true, "CollectionID"))
                .ref(ReferenceSource.relation("application", ObjectType.APPLICATION, true,
                        "SELECT DeploymentID AS FromKey, CI_ID AS ToKey FROM v_DeploymentSummary WHERE FeatureType = 1"))
                .ref(ReferenceSource.relation("package", ObjectType.PACKAGE, true,
                        "SELECT d.DeploymentID AS FromKey, d.PackageID AS ToKey FROM v_DeploymentSummary d JOIN v_Package p ON p.PackageID = d.PackageID WHERE d.FeatureType = 2 AND p.PackageType = 0"))
                .ref(ReferenceSource.relation("taskSequence", ObjectType.TASK_SEQUENCE, true,
                        "SELECT DeploymentID AS FromKey, PackageID AS ToKey FROM v_DeploymentSummary WHERE FeatureType = 7"))
                .ref(ReferenceSource.relation("baseline", ObjectType.CONFIGURATION_BASELINE, true,
                        "SELECT DeploymentID AS FromKey, CI_ID AS ToKey FROM v_DeploymentSummary WHERE FeatureType = 6"))
                .remap("CollectionID")
                .notes("Not in the documented per-job-type list; migrated by object jobs (spec §10).");
        type(ObjectType.APPLICATION, "Application", "SMS_Application", 31)
                .jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM fn_ListApplicationCIs(1033) WHERE IsLatest = 1", "CI_ID", "DisplayName", "CIVersion", "DateLastModified")
                .child("deploymentTypes", "SELECT * FROM fn_ListDeploymentTypeCIs(1033) WHERE IsLatest = 1", "AppCI_ID", ObjectType.DEPLOYMENT_TYPE)
                .ref(ReferenceSource.relation("dependsOn", ObjectType.APPLICATION, true,
                        "SELECT FromApplicationCIID AS FromKey, ToApplicationCIID AS ToKey FROM vSMS_AppRelation_Flat WHERE RelationType = 'Dependency'"))
                .ref(ReferenceSource.relation("supersedes", ObjectType.APPLICATION, false,
                        "SELECT FromApplicationCIID AS FromKey, ToApplicationCIID AS ToKey FROM vSMS_AppRelation_Flat WHERE RelationType = 'Supersedence'"))
                .ciFolder()
                .notes("A reassigned client keeps its application install history.");
        type(ObjectType.DEPLOYMENT_TYPE, "Deployment type", "SMS_DeploymentType", 0)
                .jobs(CM2012_PLUS, O_M).embeddedIn(ObjectType.APPLICATION)
                .notes("Migrates with its application.");
        type(ObjectType.APPV_VIRTUAL_ENVIRONMENT, "App-V virtual environment", "SMS_VirtualEnvironment", 203)
                .jobs(CM2012_PLUS, O_ONLY)
                .source("SELECT * FROM v_VirtualEnvironment", "VirtualEnvironmentID", "Name", null, "DateLastModified")
                .folder();
        type(ObjectType.VIRTUAL_APPLICATION_PACKAGE, "Virtual application package (App-V)", "SMS_VirtualApp", 2)
                .jobs(CM2007, C_O).jobs(CM2012_PLUS, C_O)
                .source("SELECT * FROM v_Package WHERE PackageType = 7", "PackageID", "Name", "SourceVersion", "LastRefreshTime")
                .folder()
                .transform(Transformation.APPV_PACKAGE_TO_APPLICATION)
                .notes("2007 App-V packages become applications (one deployment type per advertisement). Re-migration cannot overwrite: "
                        + "delete the application in the destination first. Not usable from 2007 shared distribution points.");

        // --- Asset Intelligence customisations.
        type(ObjectType.AI_CATALOG_CATEGORY, "Asset Intelligence catalog category", "SMS_AICategories", 26)
                .jobs(CM2007, O_M).jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM v_LU_Category_Editable", "CategoryID", "CategoryName", null, "LastUpdated")
                .notes("Not supported from 2007 sites that use Asset Intelligence synchronization (AIS 2.0).");
        type(ObjectType.AI_SOFTWARE_LIST, "Asset Intelligence software list", "SMS_AISoftwareList", 26)
                .jobs(CM2007, O_M).jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM v_LU_SoftwareList_Editable", "SoftwareID", "ProductName", null, "LastUpdated")
                .ref(ReferenceSource.column("category", ObjectType.AI_CATALOG_CATEGORY, true, "CategoryID"));
        type(ObjectType.AI_HARDWARE_REQUIREMENT, "Asset Intelligence hardware requirement", "SMS_AIHardwareRequirements", 26)
                .jobs(CM2007, O_M).jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM v_LU_HardwareReadiness", "HardwareRequirementID", "SoftwareTitle", null, "LastUpdated");

        // --- Boundaries.
        type(ObjectType.BOUNDARY, "Boundary", "SMS_Boundary", 45)
                .jobs(CM2007, O_M).jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM v_BoundaryInfo", "BoundaryID", "DisplayName", null, "ModifiedOn")
                .child("siteSystems", "SELECT * FROM v_BoundarySiteSystems", "BoundaryID", null)
                .remap("SiteCode")
                .transform(Transformation.ADD_BOUNDARY_TO_NEW_GROUP, Transformation.REMAP_SITE_CODE)
                .notes("2007: all boundaries of the source site migrate together into a new boundary group; 2012+: each selected boundary joins "
                        + "a new boundary group (content location on, site assignment off).");

        // --- Compliance settings.
        type(ObjectType.CONFIGURATION_ITEM, "Configuration item", "SMS_ConfigurationItem", 11)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT ci.*, lp.DisplayName, lp.Description FROM v_ConfigurationItems ci "
                        + "JOIN v_LocalizedCIProperties lp ON lp.CI_ID = ci.CI_ID AND lp.LocaleID = 1033 WHERE ci.CIType_ID = 3",
                        "CI_ID", "DisplayName", "CIVersion", "DateLastModified")
                .ciFolder()
                .notes("2007 uninterpreted configuration items are not supported.");
        type(ObjectType.CONFIGURATION_BASELINE, "Configuration baseline", "SMS_ConfigurationBaseline", 11)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT ci.*, lp.DisplayName, lp.Description FROM v_ConfigurationItems ci "
                        + "JOIN v_LocalizedCIProperties lp ON lp.CI_ID = ci.CI_ID AND lp.LocaleID = 1033 WHERE ci.CIType_ID = 2",
                        "CI_ID", "DisplayName", "CIVersion", "DateLastModified")
                .ref(ReferenceSource.relation("configurationItem", ObjectType.CONFIGURATION_ITEM, true,
                        "SELECT r.FromCIID AS FromKey, r.ToCIID AS ToKey FROM v_CIRelation r JOIN v_ConfigurationItems c ON c.CI_ID = r.ToCIID "
                                + "JOIN v_ConfigurationItems b ON b.CI_ID = r.FromCIID WHERE c.CIType_ID = 3 AND b.CIType_ID = 2"))
                .ref(ReferenceSource.relation("softwareUpdate", ObjectType.SOFTWARE_UPDATE, false,
                        "SELECT r.FromCIID AS FromKey, r.ToCIID AS ToKey FROM v_CIRelation r JOIN v_ConfigurationItems c ON c.CI_ID = r.ToCIID "
                                + "JOIN v_ConfigurationItems b ON b.CI_ID = r.FromCIID WHERE c.CIType_ID IN (1, 8) AND b.CIType_ID = 2"))
                .ciFolder();

        // --- Operating system deployment.
        type(ObjectType.BOOT_IMAGE, "Boot image", "SMS_BootImagePackage", 19)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM v_BootImagePackage", "PackageID", "Name", "SourceVersion", "LastRefreshTime")
                .folder()
                .remap("PkgSourcePath")
                .transform(Transformation.RESET_BOOT_IMAGE_SOURCE)
                .notes("Source path reset to the destination's default image location; the destination SMS Provider computer account needs "
                        + "read/write on the source image location. 2007 package IDs are not kept: not usable from shared distribution points.");
        type(ObjectType.DRIVER, "Driver", "SMS_Driver", 25)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM v_CI_DriversCIs", "CI_ID", "LocalizedDisplayName", "CIVersion", "DateLastModified")
                .ciFolder();
        type(ObjectType.DRIVER_PACKAGE, "Driver package", "SMS_DriverPackage", 23)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM v_DriverPackage", "PackageID", "Name", "SourceVersion", "LastRefreshTime")
                .ref(ReferenceSource.relation("driver", ObjectType.DRIVER, true,
                        "SELECT PkgID AS FromKey, CI_ID AS ToKey FROM v_DriverContentToPackage"))
                .folder()
                .notes("The destination SMS Provider computer account needs full control on the driver package source, otherwise the job fails.");
        type(ObjectType.OS_IMAGE, "Operating system image", "SMS_ImagePackage", 18)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM v_ImagePackage", "PackageID", "Name", "SourceVersion", "LastRefreshTime")
                .folder()
                .notes("The destination SMS Provider computer account needs read/write on the image source location.");
        type(ObjectType.OS_INSTALL_PACKAGE, "Operating system installer", "SMS_OperatingSystemInstallPackage", 14)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM v_Package WHERE PackageType = 259", "PackageID", "Name", "SourceVersion", "LastRefreshTime")
                .folder()
                .notes("The package must point to the folder containing the WIM, not to the WIM file.");
        type(ObjectType.TASK_SEQUENCE, "Task sequence", "SMS_TaskSequencePackage", 20)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM v_TaskSequencePackage", "PackageID", "Name", "SourceVersion", "LastRefreshTime")
                .ref(ReferenceSource.column("bootImage", ObjectType.BOOT_IMAGE, true, "BootImageID"))
                .ref(tsRef("package", ObjectType.PACKAGE, 0))
                .ref(tsRef("driverPackage", ObjectType.DRIVER_PACKAGE, 3))
                .ref(tsRef("osImage", ObjectType.OS_IMAGE, 257))
                .ref(tsRef("osInstallPackage", ObjectType.OS_INSTALL_PACKAGE, 259))
                .ref(tsRef("referencedBootImage", ObjectType.BOOT_IMAGE, 258))
                .folder()
                .transform(Transformation.REPLACE_CLIENT_PACKAGE_REFERENCE)
                .notes("The reference to the client installation package is replaced by the destination's client package; task sequences may pull in "
                        + "boot images and 2007 client packages the destination does not need.");

        // --- Software metering and software updates.
        type(ObjectType.SOFTWARE_METERING_RULE, "Software metering rule", "SMS_MeteredProductRule", 9)
                .jobs(CM2007, O_M).jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM v_MeteredProductRule", "SecurityKey", "ProductName", null, "LastUpdateTime")
                .remap("SiteCode")
                .transform(Transformation.REMAP_SITE_CODE)
                .notes("Metering rules are not tied to a destination site: they apply to all clients until edited.");
        type(ObjectType.SOFTWARE_UPDATE, "Software update", "SMS_SoftwareUpdate", 37)
                .jobs(CM2007, Set.of()).jobs(CM2012_PLUS, Set.of()).notMigratable()
                .source("SELECT * FROM v_UpdateInfo", "CI_ID", "Title", null, "DateLastModified")
                .notes("Never migrated: the destination needs an active software update point synchronised with the same products and languages. "
                        + "SCUP custom updates cannot migrate.");
        type(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_PACKAGE, "Software update deployment package", "SMS_SoftwareUpdatesPackage", 24)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM v_Package WHERE PackageType = 5", "PackageID", "Name", "SourceVersion", "LastRefreshTime")
                .folder();
        type(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE, "Software update deployment template", "SMS_Template", 15)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM vSMS_Template", "TemplateID", "Name", null, "DateLastModified")
                .transform(Transformation.DROP_TEMPLATE_DURATION)
                .notes("The 2007 Duration value is not migrated.");
        type(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT, "Software update deployment", "SMS_UpdatesAssignment", 16)
                .jobs(CM2007, C_ONLY)
                .source("SELECT * FROM v_CIAssignment WHERE AssignmentType = 1", "AssignmentID", "AssignmentName", null, "LastModificationTime")
                .ref(ReferenceSource.column("collection", ObjectType.COLLECTION, true, "CollectionID"))
                .ref(ReferenceSource.relation("softwareUpdate", ObjectType.SOFTWARE_UPDATE, false,
                        "SELECT ac.AssignmentID AS FromKey, ac.CI_ID AS ToKey FROM v_CIAssignmentToCI ac "
                                + "JOIN v_CIAssignment a ON a.AssignmentID = ac.AssignmentID WHERE a.AssignmentType = 1"))
                .remap("CollectionID")
                .transform(Transformation.UPDATE_DEPLOYMENT_TO_DEPLOYMENT_AND_GROUP, Transformation.DISABLE_DEPLOYMENT)
                .notes("Becomes a deployment plus a software update group; enable the deployment after migration.");
        type(ObjectType.SOFTWARE_UPDATE_GROUP, "Software update group (2007: update list)", "SMS_AuthorizationList", 37)
                .jobs(CM2007, O_M).jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM v_AuthListInfo", "CI_ID", "Title", "CIVersion", "DateLastModified")
                .ref(ReferenceSource.relation("softwareUpdate", ObjectType.SOFTWARE_UPDATE, false,
                        "SELECT FromCIID AS FromKey, ToCIID AS ToKey FROM v_CIRelation WHERE RelationType = 1"))
                .ciFolder()
                .transform(Transformation.UPDATE_LIST_TO_UPDATE_GROUP)
                .notes("Needs an active software update point in the destination with the same products and languages.");

        // --- Folders, saved searches, clients.
        type(ObjectType.ORGANIZATIONAL_FOLDER, "Organizational / search folder", "SMS_ObjectContainerNode", 0)
                .jobs(CM2007, C_O_M).jobs(CM2012_PLUS, C_O_M)
                .source("SELECT * FROM vSMS_Folders", "ContainerNodeID", "Name", null, null)
                .ref(ReferenceSource.relation("parentFolder", ObjectType.ORGANIZATIONAL_FOLDER, false,
                        "SELECT ContainerNodeID AS FromKey, ParentContainerNodeID AS ToKey FROM vSMS_Folders WHERE ParentContainerNodeID <> 0"))
                .notes("Migrated with the objects in them when the job transfers the organizational folder structure (default on; "
                        + "always on for collections).");
        type(ObjectType.SAVED_SEARCH, "Saved search", "SMS_SearchFolder", 0)
                .jobs(CM2012_PLUS, O_M)
                .source("SELECT * FROM v_SavedSearch", "SearchID", "Name", null, "DateLastModified")
                .notes("Criteria only, not results.");
        type(ObjectType.CLIENT, "Client record", "SMS_R_System", 0)
                .jobs(CM2007, O_ONLY).jobs(CM2012_PLUS, O_ONLY)
                .source("SELECT * FROM v_R_System WHERE Client0 = 1 AND Obsolete0 = 0", "ResourceID", "Netbios_Name0", null, null)
                .child("assignedSites", "SELECT * FROM v_RA_System_SMSAssignedSites", "ResourceID", null)
                .transform(Transformation.KEEP_CLIENT_GUID)
                .notes("Migrate objects before clients. The client keeps its GUID; inventory, compliance data and the client cache are not migrated.");

        for (ObjectType t : ObjectType.values()) {
            if (!SPECS.containsKey(t)) {
                throw new IllegalStateException("object type without catalogue entry: " + t);
            }
        }
    }

    private ObjectTypeCatalogue() {
    }

    public static ObjectTypeSpec spec(ObjectType type) {
        return SPECS.get(type);
    }

    public static Collection<ObjectTypeSpec> all() {
        return Collections.unmodifiableCollection(SPECS.values());
    }

    /** Types read on their own from a source of the given family, in catalogue order. */
    public static List<ObjectTypeSpec> topLevel(SourceFamily family) {
        return SPECS.values().stream().filter(s -> s.topLevel() && s.existsIn(family)).toList();
    }

    /** Types whose objects may be put into a job of the given type on a source of the given family. */
    public static List<ObjectType> migratableBy(SourceFamily family, JobType jobType) {
        return SPECS.values().stream()
                .filter(s -> s.topLevel() && s.migratable() && s.carriedBy(family, jobType))
                .map(ObjectTypeSpec::type).toList();
    }

    /** The types a type can depend on, transitively (type-level closure; the instance-level closure is job-service's). */
    public static Set<ObjectType> requiredTypesClosure(ObjectType type) {
        Set<ObjectType> seen = EnumSet.noneOf(ObjectType.class);
        Deque<ObjectType> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            for (ReferenceSource r : SPECS.get(todo.pop()).requiredReferences()) {
                if (seen.add(r.target())) {
                    todo.push(r.target());
                }
            }
        }
        return seen;
    }

    /** Write order: a type comes after every type it requires (self references are ordered within the type). */
    public static List<ObjectType> dependencyOrder() {
        List<ObjectType> order = new ArrayList<>();
        Set<ObjectType> done = EnumSet.noneOf(ObjectType.class);
        for (ObjectType t : ObjectType.values()) {
            visit(t, done, EnumSet.noneOf(ObjectType.class), order);
        }
        return order;
    }

    private static void visit(ObjectType t, Set<ObjectType> done, Set<ObjectType> path, List<ObjectType> order) {
        if (done.contains(t)) {
            return;
        }
        if (!path.add(t)) {
            throw new IllegalStateException("dependency cycle between object types at " + t);
        }
        for (ReferenceSource r : SPECS.get(t).requiredReferences()) {
            if (r.target() != t) {
                visit(r.target(), done, path, order);
            }
        }
        path.remove(t);
        done.add(t);
        order.add(t);
    }

    private static ReferenceSource tsRef(String name, ObjectType target, int packageType) {
        return ReferenceSource.relation(name, target, true,
                "SELECT r.PackageID AS FromKey, r.RefPackageID AS ToKey FROM v_TaskSequencePackageReferences r "
                        + "JOIN v_Package p ON p.PackageID = r.RefPackageID WHERE p.PackageType = " + packageType);
    }

    private static Builder type(ObjectType type, String displayName, String smsClass, int securedObjectTypeId) {
        return new Builder(type, displayName, smsClass, securedObjectTypeId);
    }

    /** Small fluent builder so that the table above reads as a table; registers itself on every call. */
    private static final class Builder {
        private final ObjectType type;
        private final String displayName;
        private final String smsClass;
        private final int securedObjectTypeId;
        private final Map<SourceFamily, Set<JobType>> jobs = new LinkedHashMap<>();
        private ObjectType embeddedIn;
        private boolean migratable = true;
        private SourceQuery source;
        private final List<ChildSource> children = new ArrayList<>();
        private final List<ReferenceSource> refs = new ArrayList<>();
        private final List<String> remap = new ArrayList<>();
        private final Set<Transformation> transformations = EnumSet.noneOf(Transformation.class);
        private String notes = "";

        Builder(ObjectType type, String displayName, String smsClass, int securedObjectTypeId) {
            this.type = type;
            this.displayName = displayName;
            this.smsClass = smsClass;
            this.securedObjectTypeId = securedObjectTypeId;
            register();
        }

        Builder jobs(SourceFamily family, Set<JobType> jobTypes) {
            jobs.put(family, jobTypes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(jobTypes)));
            return register();
        }

        Builder embeddedIn(ObjectType parent) {
            this.embeddedIn = parent;
            return register();
        }

        Builder notMigratable() {
            this.migratable = false;
            return register();
        }

        Builder source(String sql, String key, String name, String version, String lastModified) {
            this.source = new SourceQuery(sql, key, name, version, lastModified);
            return register();
        }

        Builder child(String name, String sql, String parentKeyColumn, ObjectType embeddedType) {
            children.add(new ChildSource(name, sql, parentKeyColumn, embeddedType));
            return register();
        }

        Builder ref(ReferenceSource ref) {
            refs.add(ref);
            return register();
        }

        /**
         * Folder of a configuration-item-based object: vFolderMembers.InstanceKey holds the CI's ModelName, not its CI_ID
         * (found against the simulator, which follows the product here).
         */
        Builder ciFolder() {
            return ref(ReferenceSource.relation("folder", ObjectType.ORGANIZATIONAL_FOLDER, false,
                    "SELECT ci.CI_ID AS FromKey, fm.ContainerNodeID AS ToKey FROM vFolderMembers fm JOIN v_ConfigurationItems ci "
                            + "ON ci.ModelName = fm.InstanceKey AND ci.IsLatest = 1 WHERE fm.ObjectTypeName = '" + smsClass + "'"));
        }

        /** The object's organisational folder (optional: folders move only when the job transfers folder structure). */
        Builder folder() {
            return ref(ReferenceSource.relation("folder", ObjectType.ORGANIZATIONAL_FOLDER, false,
                    "SELECT InstanceKey AS FromKey, ContainerNodeID AS ToKey FROM vFolderMembers WHERE ObjectTypeName = '" + smsClass + "'"));
        }

        Builder remap(String... fields) {
            remap.addAll(List.of(fields));
            return register();
        }

        Builder transform(Transformation... t) {
            transformations.addAll(List.of(t));
            return register();
        }

        Builder notes(String notes) {
            this.notes = notes;
            return register();
        }

        private Builder register() {
            SPECS.put(type, new ObjectTypeSpec(type, displayName, smsClass, securedObjectTypeId, Map.copyOf(jobs), embeddedIn, migratable,
                    source, List.copyOf(children), List.copyOf(refs), List.copyOf(remap),
                    transformations.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(transformations)), notes));
            return this;
        }
    }
}
