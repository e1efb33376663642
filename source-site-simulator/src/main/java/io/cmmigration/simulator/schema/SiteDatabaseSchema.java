package io.cmmigration.simulator.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated ConfigMgr site database: base tables (names in the style of the real ones), the documented views over
 * them (spec §8.2, column lists in the module README) and the two application functions. The same definition yields
 * the PostgreSQL schema the generator loads and the SQL Server script of {@link SchemaWriter}.
 *
 * <p>Every database of every version gets every table, view and function; the rows decide the version (types a
 * version does not have stay empty). Views only rename and join, they never derive values from other objects, so a
 * row changes only when the object's own last-modified column changes.
 */
public final class SiteDatabaseSchema {

    private static final Map<String, Table> TABLES = new LinkedHashMap<>();
    private static final List<View> VIEWS = new ArrayList<>();
    private static final List<TableFunction> FUNCTIONS = new ArrayList<>();

    // ---- Table names used by the generator and the mutator.
    public static final String SITES = "Sites";
    public static final String SITE_IDENTITY = "SiteIdentity";
    public static final String SITE_PORTS = "SiteClientRequestPorts";
    public static final String SYS_RES_LIST = "SysResList";
    public static final String DISTRIBUTION_POINTS = "DistributionPoints";
    public static final String PKG_SERVERS = "PkgServers";
    public static final String SYSTEM_DISC = "System_DISC";
    public static final String SYSTEM_ASSIGNED_SITES = "System_SMS_Assign_ARR";
    public static final String COLLECTIONS = "Collections_G";
    public static final String RULES_QUERY = "CollectionRules_Query";
    public static final String RULES_DIRECT = "CollectionRules_Direct";
    public static final String SERVICE_WINDOWS = "ServiceWindows";
    public static final String COLLECTION_VARIABLES = "CollectionVariables";
    public static final String COLLECTION_DEPENDENCIES = "CollectionDependencies";
    public static final String SUB_COLLECTIONS = "CollectToSubCollect";
    public static final String COLLECTION_MEMBERS = "CollectionMembers";
    public static final String PACKAGES = "SMSPackages";
    public static final String BOOT_IMAGES = "BootImagePackages";
    public static final String IMAGE_PACKAGES = "ImagePackages";
    public static final String TASK_SEQUENCES = "TaskSequencePackages";
    public static final String TS_REFERENCES = "TS_References";
    public static final String PROGRAMS = "PkgPrograms";
    public static final String ADVERTISEMENTS = "Advertisements";
    public static final String DEPLOYMENT_SUMMARY = "DeploymentSummary";
    public static final String CIS = "CI_ConfigurationItems";
    public static final String CI_LOCALIZED = "CI_LocalizedProperties";
    public static final String CI_RELATIONS = "CI_Relations";
    public static final String APPLICATIONS = "CI_Applications";
    public static final String DEPLOYMENT_TYPES = "CI_DeploymentTypes";
    public static final String APP_RELATIONS = "AppRelations";
    public static final String DRIVERS = "CI_DriversCIs";
    public static final String DRIVER_CONTENT = "DriverContentToPackage";
    public static final String UPDATE_INFO = "CI_UpdateInfo";
    public static final String GLOBAL_CONDITIONS = "GlobalConditions";
    public static final String VIRTUAL_ENVIRONMENTS = "VirtualEnvironments";
    public static final String AI_CATEGORIES = "LU_Category";
    public static final String AI_SOFTWARE_LIST = "LU_SoftwareList";
    public static final String AI_HARDWARE = "LU_HardwareReadiness";
    public static final String METERING_RULES = "MeteredProductRules";
    public static final String TEMPLATES = "SMSTemplates";
    public static final String CI_ASSIGNMENTS = "CIAssignments";
    public static final String CI_ASSIGNMENT_TO_CI = "CIAssignmentToCI";
    public static final String BOUNDARIES = "BoundaryEx";
    public static final String BOUNDARY_GROUPS = "BoundaryGroups";
    public static final String BOUNDARY_GROUP_MEMBERS = "BoundaryGroupMembers";
    public static final String BOUNDARY_GROUP_SITE_SYSTEMS = "BoundaryGroupSiteSystems";
    public static final String PROTECTED_SITE_SYSTEMS = "ProtectedSiteSystems";
    public static final String FOLDERS = "Folders";
    public static final String FOLDER_MEMBERS = "FolderMembers";
    public static final String SAVED_SEARCHES = "SavedSearches";

    static {
        // ---- Sites and site systems (hierarchy data, DP sharing).
        table(Table.of(SITES, "SiteCode", "SiteCode:3", "SiteName:255", "ServerName:255", "Version:32", "BuildNumber:int",
                "ReportingSiteCode:3", "Type:int", "InstallDir:255", "Status:int"));
        table(Table.of(SITE_IDENTITY, "ThisSiteCode", "ThisSiteCode:3", "ThisSiteName:255", "ServerName:255", "Version:32",
                "BuildNumber:int", "SiteLanguageID:int"));
        table(Table.of(SITE_PORTS, "SiteCode", "SiteCode:3", "HttpPort:int", "HttpsPort:int"));
        table(Table.of(SYS_RES_LIST, "NALPath,RoleName", "SiteCode:3", "ServerName:255", "NALPath:512", "RoleName:64",
                "ResourceType:64").index("ServerName"));
        table(Table.of(DISTRIBUTION_POINTS, "NALPath", "NALPath:512", "DPID:int", "ServerName:255", "SiteCode:3",
                "ShareName:128", "DPType:16", "IsPeerDP:int", "IsPullDP:int", "IsPXE:int", "IsProtected:int",
                "IsOnSiteServer:int", "IsSecondarySiteServer:int", "MBytesFree:bigint", "OperatingSystem:128",
                "GroupCount:int", "Description:512", "Drive:2", "IsMulticast:int", "BitsEnabled:int",
                "Communication:int", "PreStagingAllowed:int"));
        table(Table.of(PKG_SERVERS, "PackageID,ServerNALPath", "PackageID:8", "ServerNALPath:512", "SiteCode:3",
                "SourceVersion:int", "LastRefreshTime:ts", "State:int", "InstallStatus:255", "LastCopied:ts")
                .index("ServerNALPath"));

        // ---- Discovery (client records).
        table(Table.of(SYSTEM_DISC, "ResourceID", "ResourceID:int", "ResourceType:int", "Name0:64", "Netbios_Name0:64",
                "SMS_Unique_Identifier0:64", "Resource_Domain_OR_Workgr0:64", "Client0:int", "Client_Version0:32",
                "Obsolete0:int", "Active0:int", "Decommissioned0:int", "Operating_System_Name_and0:128",
                "Creation_Date0:ts", "AD_Site_Name0:64", "Is_Virtual_Machine0:int"));
        table(Table.of(SYSTEM_ASSIGNED_SITES, "ResourceID,SMS_Assigned_Sites0", "ResourceID:int", "SMS_Assigned_Sites0:3"));

        // ---- Collections.
        table(Table.of(COLLECTIONS, "CollectionID", "CollectionID:8", "CollectionName:255", "CollectionComment:512",
                "CollectionType:int", "MemberCount:int", "LastChangeTime:ts", "LastRefreshTime:ts",
                "LastMemberChangeTime:ts", "LimitToCollectionID:8", "IsBuiltIn:int", "ObjectPath:512",
                "RefreshType:int", "Schedule:64", "MemberClassName:64", "SourceSite:3"));
        table(Table.of(RULES_QUERY, "CollectionID,QueryID", "CollectionID:8", "QueryID:int", "RuleName:255",
                "QueryExpression:text", "LimitToCollectionID:8"));
        table(Table.of(RULES_DIRECT, "CollectionID,ResourceID", "CollectionID:8", "ResourceID:int", "RuleName:255",
                "ResourceType:int"));
        table(Table.of(SERVICE_WINDOWS, "ServiceWindowID", "ServiceWindowID:64", "CollectionID:8", "Name:255",
                "Description:512", "StartTime:ts", "Duration:int", "RecurrenceType:int", "ServiceWindowType:int",
                "IsEnabled:int", "IsGMT:int", "Schedules:64").index("CollectionID"));
        table(Table.of(COLLECTION_VARIABLES, "CollectionID,Name", "CollectionID:8", "Name:256", "Value:text", "IsMasked:int"));
        table(Table.of(COLLECTION_DEPENDENCIES, "DependentCollectionID,SourceCollectionID,RelationshipType",
                "SourceCollectionID:8", "DependentCollectionID:8", "RelationshipType:int").index("SourceCollectionID"));
        table(Table.of(SUB_COLLECTIONS, "ParentCollectionID,SubCollectionID", "ParentCollectionID:8", "SubCollectionID:8"));
        table(Table.of(COLLECTION_MEMBERS, "CollectionID,ResourceID", "CollectionID:8", "ResourceID:int", "ResourceType:int",
                "Name:255", "SiteCode:3", "IsClient:int").index("ResourceID"));

        // ---- Packages of every PackageType (0 regular, 3 driver, 4 task sequence, 5 update, 7 App-V, 257 image,
        //      258 boot image, 259 OS installer) plus their type-specific side tables.
        table(Table.of(PACKAGES, "PackageID", "PackageID:8", "Name:50", "Version:32", "Language:32", "Manufacturer:32",
                "Description:128", "PkgSourcePath:512", "PkgSourceFlag:int", "SourceSite:3", "StoredPkgPath:512",
                "SourceVersion:int", "SourceDate:ts", "LastRefreshTime:ts", "PackageType:int", "ShareName:128",
                "ShareType:int", "Priority:int", "PkgFlags:int", "SourceSize:int").index("PackageType"));
        table(Table.of(BOOT_IMAGES, "PackageID", "PackageID:8", "Architecture:int", "ImageIndex:int", "ImageOSVersion:64",
                "EnableLabShell:int"));
        table(Table.of(IMAGE_PACKAGES, "PackageID", "PackageID:8", "ImageOSVersion:64", "Architecture:int", "ImageCount:int"));
        table(Table.of(TASK_SEQUENCES, "PackageID", "PackageID:8", "BootImageID:8", "TS_Type:int", "TS_Flags:int",
                "Category:64", "Sequence:text"));
        table(Table.of(TS_REFERENCES, "PackageID,RefPackageID", "PackageID:8", "RefPackageID:8").index("RefPackageID"));
        table(Table.of(PROGRAMS, "PackageID,ProgramName", "PackageID:8", "ProgramName:50", "CommandLine:127",
                "WorkingDirectory:127", "Comment:127", "ProgramFlags:int", "Duration:int", "DiskSpaceRequired:32",
                "Requirements:text", "DependentProgram:128", "DriveLetter:2"));
        table(Table.of(ADVERTISEMENTS, "AdvertisementID", "AdvertisementID:8", "AdvertisementName:100", "Comment:128",
                "PackageID:8", "ProgramName:50", "CollectionID:8", "SourceSite:3", "AdvertFlags:int",
                "RemoteClientFlags:int", "PresentTime:ts", "ExpirationTime:ts", "IncludeSubCollection:int",
                "TimeFlags:int", "AssignedScheduleEnabled:int"));
        table(Table.of(DEPLOYMENT_SUMMARY, "DeploymentID", "DeploymentID:64", "SoftwareName:512", "CollectionID:8",
                "CollectionName:255", "FeatureType:int", "CI_ID:int", "PackageID:8", "ProgramName:50",
                "DeploymentIntent:int", "DeploymentTime:ts", "EnforcementDeadline:ts", "CreationTime:ts",
                "ModificationTime:ts", "NumberTargeted:int", "NumberSuccess:int", "NumberInProgress:int",
                "NumberErrors:int", "NumberUnknown:int", "NumberOther:int", "SourceSite:3"));

        // ---- Configuration items of every CIType_ID (1 update, 2 baseline, 3 configuration item, 6 driver,
        //      8 update bundle, 9 update group, 10 application, 21 deployment type) share one table, as in ConfigMgr.
        table(Table.of(CIS, "CI_ID", "CI_ID:int", "CI_UniqueID:512", "CIType_ID:int", "ModelName:512", "CIVersion:int",
                "SDMPackageVersion:int", "IsLatest:int", "IsEnabled:int", "IsExpired:int", "IsHidden:int",
                "IsSuperseded:int", "IsDeployed:int", "IsUserDefined:int", "IsBundle:int", "SourceSite:3",
                "CreatedBy:255", "DateCreated:ts", "LastModifiedBy:255", "DateLastModified:ts",
                "ContentSourcePath:512", "SDMPackageDigest:text").index("CIType_ID").index("ModelName"));
        table(Table.of(CI_LOCALIZED, "CI_ID,LocaleID", "CI_ID:int", "LocaleID:int", "DisplayName:256", "Description:512"));
        table(Table.of(CI_RELATIONS, "FromCIID,ToCIID,RelationType", "FromCIID:int", "ToCIID:int", "RelationType:int")
                .index("ToCIID"));
        table(Table.of(APPLICATIONS, "CI_ID", "CI_ID:int", "Manufacturer:256", "SoftwareVersion:64", "AutoInstall:int"));
        table(Table.of(DEPLOYMENT_TYPES, "CI_ID", "CI_ID:int", "AppCI_ID:int", "Technology:32", "ContentId:64",
                "PriorityInLatestApp:int", "InstallCommandLine:512").index("AppCI_ID"));
        table(Table.of(APP_RELATIONS, "FromDeploymentTypeCIID,ToDeploymentTypeCIID,RelationType", "FromApplicationCIID:int",
                "ToApplicationCIID:int", "FromDeploymentTypeCIID:int", "ToDeploymentTypeCIID:int", "RelationType:32"));
        table(Table.of(DRIVERS, "CI_ID", "CI_ID:int", "DriverINFFile:255", "DriverClass:64", "DriverProvider:255",
                "DriverVersion:64", "DriverDate:ts", "HardwareIDs:text"));
        table(Table.of(DRIVER_CONTENT, "PkgID,CI_ID", "PkgID:8", "CI_ID:int", "Content_ID:int").index("CI_ID"));
        table(Table.of(UPDATE_INFO, "CI_ID", "CI_ID:int", "ArticleID:32", "BulletinID:32", "Severity:int", "DatePosted:ts"));
        table(Table.of(GLOBAL_CONDITIONS, "CI_ID", "CI_ID:int", "ModelName:512", "Name:256", "Description:512",
                "DataType:32", "ConditionExpression:text", "IsUserDefined:int", "CreatedBy:255", "DateCreated:ts",
                "DateLastModified:ts"));
        table(Table.of(VIRTUAL_ENVIRONMENTS, "VirtualEnvironmentID", "VirtualEnvironmentID:int", "Name:256",
                "Description:512", "CIVersion:int", "CreatedBy:255", "DateCreated:ts", "LastModifiedBy:255",
                "DateLastModified:ts"));

        // ---- Asset Intelligence, metering, update templates and 2007 assignments.
        table(Table.of(AI_CATEGORIES, "CategoryID", "CategoryID:int", "CategoryName:255", "Description:512",
                "IsEditable:int", "LastUpdated:ts"));
        table(Table.of(AI_SOFTWARE_LIST, "SoftwareID", "SoftwareID:int", "ProductName:255", "CommonName:255",
                "Publisher:255", "CategoryID:int", "FamilyID:int", "IsEditable:int", "LastUpdated:ts"));
        table(Table.of(AI_HARDWARE, "HardwareRequirementID", "HardwareRequirementID:int", "SoftwareTitle:255",
                "MinCPU:int", "MinRAM:int", "MinDiskSpace:int", "MinDiskSize:int", "LastUpdated:ts"));
        table(Table.of(METERING_RULES, "RuleID", "RuleID:int", "SecurityKey:8", "ProductName:255", "FileName:255",
                "OriginalFileName:255", "FileVersion:64", "LanguageID:int", "SiteCode:3", "ApplyToChildSites:int",
                "Enabled:int", "Comment:255", "LastUpdateTime:ts"));
        table(Table.of(TEMPLATES, "TemplateID", "TemplateID:int", "Name:255", "Description:512", "Data:text",
                "CreatedBy:255", "DateCreated:ts", "DateLastModified:ts", "SourceSite:3"));
        table(Table.of(CI_ASSIGNMENTS, "AssignmentID", "AssignmentID:int", "AssignmentName:255", "AssignmentType:int",
                "Assignment_UniqueID:64", "CollectionID:8", "Description:512", "SourceSite:3", "CreationTime:ts",
                "LastModificationTime:ts", "StartTime:ts", "EnforcementDeadline:ts", "AssignmentEnabled:int",
                "DesiredConfigType:int"));
        table(Table.of(CI_ASSIGNMENT_TO_CI, "AssignmentID,CI_ID", "AssignmentID:int", "CI_ID:int"));

        // ---- Boundaries: 2012+ through boundary groups, 2007 protected DP boundaries directly.
        table(Table.of(BOUNDARIES, "BoundaryID", "BoundaryID:int", "DisplayName:256", "BoundaryType:int", "Value:256",
                "BoundaryFlags:int", "SiteCode:3", "CreatedBy:255", "CreatedOn:ts", "ModifiedBy:255", "ModifiedOn:ts"));
        table(Table.of(BOUNDARY_GROUPS, "GroupID", "GroupID:int", "Name:255", "Description:512", "DefaultSiteCode:3",
                "CreatedOn:ts", "ModifiedOn:ts"));
        table(Table.of(BOUNDARY_GROUP_MEMBERS, "GroupID,BoundaryID", "GroupID:int", "BoundaryID:int").index("BoundaryID"));
        table(Table.of(BOUNDARY_GROUP_SITE_SYSTEMS, "GroupID,ServerNALPath", "GroupID:int", "ServerNALPath:512",
                "SiteSystemName:255", "SiteCode:3", "Flags:int"));
        table(Table.of(PROTECTED_SITE_SYSTEMS, "BoundaryID,ServerNALPath", "BoundaryID:int", "ServerNALPath:512",
                "SiteSystemName:255", "SiteCode:3", "Flags:int"));

        // ---- Folders and saved searches.
        table(Table.of(FOLDERS, "ContainerNodeID", "ContainerNodeID:int", "Name:255", "ObjectType:int",
                "ObjectTypeName:64", "ParentContainerNodeID:int", "IsSearchFolder:int", "SearchString:text",
                "FolderGuid:64", "SourceSite:3"));
        table(Table.of(FOLDER_MEMBERS, "InstanceKey,ObjectTypeName", "InstanceKey:512", "ContainerNodeID:int",
                "ObjectType:int", "ObjectTypeName:64").index("ContainerNodeID"));
        table(Table.of(SAVED_SEARCHES, "SearchID", "SearchID:int", "Name:255", "TargetClassName:64", "SearchString:text",
                "CreatedBy:255", "DateCreated:ts", "DateLastModified:ts", "SourceSite:3"));

        defineViews();
        defineFunctions();
    }

    private static void defineViews() {
        view("v_Site", "SELECT SiteCode, SiteName, ServerName, Version, BuildNumber, ReportingSiteCode, Type, InstallDir, Status FROM Sites");
        view("v_Identification", "SELECT ThisSiteCode, ThisSiteName, ServerName, Version, BuildNumber, SiteLanguageID FROM SiteIdentity");
        view("v_SiteClientRequestPorts", "SELECT SiteCode, HttpPort, HttpsPort FROM SiteClientRequestPorts");
        view("v_SystemResourceList", "SELECT SiteCode, ServerName, NALPath, RoleName, ResourceType FROM SysResList");
        view("v_DistributionPointInfo", "SELECT NALPath, DPID, ServerName, SiteCode, ShareName, DPType, IsPeerDP, IsPullDP, IsPXE, "
                + "IsProtected, IsOnSiteServer, IsSecondarySiteServer, MBytesFree, OperatingSystem, GroupCount, Description, Drive, "
                + "IsMulticast, BitsEnabled, Communication, PreStagingAllowed FROM DistributionPoints");
        view("v_DistributionPoint", "SELECT PackageID, ServerNALPath, SiteCode, SourceVersion, LastRefreshTime FROM PkgServers");
        view("v_PackageStatusDistPointsSumm", "SELECT PackageID, ServerNALPath, SiteCode, SourceVersion, State, InstallStatus, LastCopied FROM PkgServers");

        view("v_R_System", "SELECT ResourceID, ResourceType, Name0, Netbios_Name0, SMS_Unique_Identifier0, Resource_Domain_OR_Workgr0, "
                + "Client0, Client_Version0, Obsolete0, Active0, Decommissioned0, Operating_System_Name_and0, Creation_Date0, "
                + "AD_Site_Name0, Is_Virtual_Machine0 FROM System_DISC");
        view("v_RA_System_SMSAssignedSites", "SELECT ResourceID, SMS_Assigned_Sites0 FROM System_SMS_Assign_ARR");

        view("v_Collection", "SELECT CollectionID, CollectionName AS Name, CollectionComment AS Comment, CollectionType, MemberCount, "
                + "LastChangeTime, LastRefreshTime, LastMemberChangeTime, LimitToCollectionID, IsBuiltIn, ObjectPath, RefreshType, "
                + "Schedule, MemberClassName, SourceSite FROM Collections_G");
        view("v_Collections", "SELECT CollectionID AS SiteID, CollectionID, CollectionName, LimitToCollectionID, LastChangeTime, "
                + "LastRefreshTime AS LastRefreshRequest, LastMemberChangeTime, IsBuiltIn, ObjectPath, RefreshType, Schedule FROM Collections_G");
        view("v_CollectionRuleQuery", "SELECT CollectionID, QueryID, RuleName, QueryExpression, LimitToCollectionID FROM CollectionRules_Query");
        view("v_CollectionRuleDirect", "SELECT CollectionID, ResourceID, RuleName, ResourceType FROM CollectionRules_Direct");
        view("v_ServiceWindow", "SELECT CollectionID, ServiceWindowID, Name, Description, StartTime, Duration, RecurrenceType, "
                + "ServiceWindowType, IsEnabled, IsGMT, Schedules FROM ServiceWindows");
        view("v_CollectionVariable", "SELECT CollectionID, Name, Value, IsMasked FROM CollectionVariables");
        view("vSMS_CollectionDependencies", "SELECT SourceCollectionID, DependentCollectionID, RelationshipType FROM CollectionDependencies");
        view("v_CollectToSubCollect", "SELECT ParentCollectionID, SubCollectionID FROM CollectToSubCollect");
        view("v_FullCollectionMembership", "SELECT CollectionID, ResourceID, ResourceType, Name, SiteCode, IsClient FROM CollectionMembers");

        String packageColumns = "p.PackageID, p.Name, p.Version, p.Language, p.Manufacturer, p.Description, p.PkgSourcePath, "
                + "p.PkgSourceFlag, p.SourceSite, p.StoredPkgPath, p.SourceVersion, p.SourceDate, p.LastRefreshTime, p.PackageType, "
                + "p.ShareName, p.ShareType, p.Priority, p.PkgFlags, p.SourceSize";
        view("v_Package", "SELECT " + packageColumns + " FROM SMSPackages p");
        view("v_BootImagePackage", "SELECT " + packageColumns + ", b.Architecture, b.ImageIndex, b.ImageOSVersion, b.EnableLabShell "
                + "FROM SMSPackages p JOIN BootImagePackages b ON b.PackageID = p.PackageID WHERE p.PackageType = 258");
        view("v_ImagePackage", "SELECT " + packageColumns + ", i.ImageOSVersion, i.Architecture, i.ImageCount "
                + "FROM SMSPackages p JOIN ImagePackages i ON i.PackageID = p.PackageID WHERE p.PackageType = 257");
        view("v_DriverPackage", "SELECT " + packageColumns + " FROM SMSPackages p WHERE p.PackageType = 3");
        view("v_TaskSequencePackage", "SELECT " + packageColumns + ", t.BootImageID, t.TS_Type, t.TS_Flags, t.Category, t.Sequence "
                + "FROM SMSPackages p JOIN TaskSequencePackages t ON t.PackageID = p.PackageID WHERE p.PackageType = 4");
        view("v_TaskSequencePackageReferences", "SELECT PackageID, RefPackageID FROM TS_References");
        view("v_Program", "SELECT PackageID, ProgramName, CommandLine, WorkingDirectory, Comment, ProgramFlags, Duration, "
                + "DiskSpaceRequired, Requirements, DependentProgram, DriveLetter FROM PkgPrograms");
        view("v_Advertisement", "SELECT AdvertisementID, AdvertisementName, Comment, PackageID, ProgramName, CollectionID, SourceSite, "
                + "AdvertFlags, RemoteClientFlags, PresentTime, ExpirationTime, IncludeSubCollection, TimeFlags, AssignedScheduleEnabled "
                + "FROM Advertisements");
        view("v_DeploymentSummary", "SELECT DeploymentID, SoftwareName, CollectionID, CollectionName, FeatureType, CI_ID, PackageID, "
                + "ProgramName, DeploymentIntent, DeploymentTime, EnforcementDeadline, CreationTime, ModificationTime, NumberTargeted, "
                + "NumberSuccess, NumberInProgress, NumberErrors, NumberUnknown, NumberOther, SourceSite FROM DeploymentSummary");

        String ciColumns = "ci.CI_ID, ci.CI_UniqueID, ci.CIType_ID, ci.ModelName, ci.CIVersion, ci.SDMPackageVersion, ci.IsLatest, "
                + "ci.IsEnabled, ci.IsExpired, ci.IsHidden, ci.IsSuperseded, ci.IsDeployed, ci.IsUserDefined, ci.IsBundle, ci.SourceSite, "
                + "ci.CreatedBy, ci.DateCreated, ci.LastModifiedBy, ci.DateLastModified";
        view("v_ConfigurationItems", "SELECT " + ciColumns + ", ci.ContentSourcePath, ci.SDMPackageDigest FROM CI_ConfigurationItems ci");
        view("v_LocalizedCIProperties", "SELECT CI_ID, LocaleID, DisplayName, Description FROM CI_LocalizedProperties");
        view("v_CIRelation", "SELECT FromCIID, ToCIID, RelationType FROM CI_Relations");
        view("v_CITypes", "SELECT DISTINCT CIType_ID FROM CI_ConfigurationItems");
        view("v_CI_DriversCIs", "SELECT ci.CI_ID, ci.CI_UniqueID, ci.ModelName, lp.DisplayName AS LocalizedDisplayName, "
                + "lp.Description AS LocalizedDescription, ci.CIVersion, ci.IsEnabled, ci.IsLatest, ci.IsHidden, ci.SourceSite, ci.CreatedBy, "
                + "ci.DateCreated, ci.LastModifiedBy, ci.DateLastModified, ci.ContentSourcePath, d.DriverINFFile, d.DriverClass, "
                + "d.DriverProvider, d.DriverVersion, d.DriverDate, d.HardwareIDs "
                + "FROM CI_ConfigurationItems ci JOIN CI_DriversCIs d ON d.CI_ID = ci.CI_ID "
                + "JOIN CI_LocalizedProperties lp ON lp.CI_ID = ci.CI_ID AND lp.LocaleID = 1033 WHERE ci.CIType_ID = 6");
        view("v_DriverContentToPackage", "SELECT PkgID, CI_ID, Content_ID FROM DriverContentToPackage");
        view("v_UpdateInfo", "SELECT ci.CI_ID, ci.CI_UniqueID, ci.CIType_ID, lp.DisplayName AS Title, lp.Description, u.ArticleID, "
                + "u.BulletinID, u.Severity, u.DatePosted, ci.DateCreated, ci.DateLastModified, ci.IsExpired, ci.IsSuperseded, ci.IsDeployed "
                + "FROM CI_ConfigurationItems ci JOIN CI_UpdateInfo u ON u.CI_ID = ci.CI_ID "
                + "JOIN CI_LocalizedProperties lp ON lp.CI_ID = ci.CI_ID AND lp.LocaleID = 1033 WHERE ci.CIType_ID IN (1, 8)");
        view("v_AuthListInfo", "SELECT ci.CI_ID, ci.CI_UniqueID, ci.ModelName, lp.DisplayName AS Title, lp.Description, ci.CIVersion, "
                + "ci.IsDeployed, ci.SourceSite, ci.CreatedBy, ci.DateCreated, ci.LastModifiedBy, ci.DateLastModified, "
                + "(SELECT COUNT(*) FROM CI_Relations r WHERE r.FromCIID = ci.CI_ID AND r.RelationType = 1) AS NumberOfUpdates "
                + "FROM CI_ConfigurationItems ci JOIN CI_LocalizedProperties lp ON lp.CI_ID = ci.CI_ID AND lp.LocaleID = 1033 "
                + "WHERE ci.CIType_ID = 9");
        view("vSMS_AppRelation_Flat", "SELECT FromApplicationCIID, ToApplicationCIID, FromDeploymentTypeCIID, ToDeploymentTypeCIID, "
                + "RelationType FROM AppRelations");
        view("v_GlobalCondition", "SELECT CI_ID, ModelName, Name, Description, DataType, ConditionExpression, IsUserDefined, CreatedBy, "
                + "DateCreated, DateLastModified FROM GlobalConditions");
        view("v_VirtualEnvironment", "SELECT VirtualEnvironmentID, Name, Description, CIVersion, CreatedBy, DateCreated, LastModifiedBy, "
                + "DateLastModified FROM VirtualEnvironments");

        view("v_LU_Category", "SELECT CategoryID, CategoryName, Description, IsEditable, LastUpdated FROM LU_Category");
        view("v_LU_Category_Editable", "SELECT CategoryID, CategoryName, Description, LastUpdated FROM LU_Category WHERE IsEditable = 1");
        view("v_LU_SoftwareList_Editable", "SELECT SoftwareID, ProductName, CommonName, Publisher, CategoryID, FamilyID, LastUpdated "
                + "FROM LU_SoftwareList WHERE IsEditable = 1");
        view("v_LU_HardwareReadiness", "SELECT HardwareRequirementID, SoftwareTitle, MinCPU, MinRAM, MinDiskSpace, MinDiskSize, LastUpdated "
                + "FROM LU_HardwareReadiness");
        view("v_MeteredProductRule", "SELECT RuleID, SecurityKey, ProductName, FileName, OriginalFileName, FileVersion, LanguageID, "
                + "SiteCode, ApplyToChildSites, Enabled, Comment, LastUpdateTime FROM MeteredProductRules");
        view("vSMS_Template", "SELECT TemplateID, Name, Description, Data, CreatedBy, DateCreated, DateLastModified, SourceSite FROM SMSTemplates");
        view("v_CIAssignment", "SELECT AssignmentID, AssignmentName, AssignmentType, Assignment_UniqueID, CollectionID, Description, "
                + "SourceSite, CreationTime, LastModificationTime, StartTime, EnforcementDeadline, AssignmentEnabled, DesiredConfigType "
                + "FROM CIAssignments");
        view("v_CIAssignmentToCI", "SELECT AssignmentID, CI_ID FROM CIAssignmentToCI");

        view("v_BoundaryInfo", "SELECT BoundaryID, DisplayName, BoundaryType, Value, BoundaryFlags, SiteCode, CreatedBy, CreatedOn, "
                + "ModifiedBy, ModifiedOn FROM BoundaryEx");
        view("v_BoundaryGroup", "SELECT GroupID, Name, Description, DefaultSiteCode, CreatedOn, ModifiedOn FROM BoundaryGroups");
        view("v_BoundaryGroupMembers", "SELECT GroupID, BoundaryID FROM BoundaryGroupMembers");
        view("v_BoundaryGroupSiteSystems", "SELECT GroupID, ServerNALPath, SiteSystemName, SiteCode, Flags FROM BoundaryGroupSiteSystems");
        view("v_BoundarySiteSystems", "SELECT m.BoundaryID, s.ServerNALPath, s.SiteSystemName, s.SiteCode, s.Flags "
                + "FROM BoundaryGroupMembers m JOIN BoundaryGroupSiteSystems s ON s.GroupID = m.GroupID "
                + "UNION ALL SELECT BoundaryID, ServerNALPath, SiteSystemName, SiteCode, Flags FROM ProtectedSiteSystems");

        view("vSMS_Folders", "SELECT ContainerNodeID, Name, ObjectType, ObjectTypeName, ParentContainerNodeID, IsSearchFolder, "
                + "SearchString, FolderGuid, SourceSite FROM Folders");
        view("vFolderMembers", "SELECT InstanceKey, ContainerNodeID, ObjectType, ObjectTypeName FROM FolderMembers");
        view("v_SavedSearch", "SELECT SearchID, Name, TargetClassName, SearchString, CreatedBy, DateCreated, DateLastModified, SourceSite "
                + "FROM SavedSearches");
    }

    private static void defineFunctions() {
        FUNCTIONS.add(new TableFunction("fn_ListApplicationCIs", "lcid", columns(
                "CI_ID:int", "CI_UniqueID:512", "ModelName:512", "DisplayName:256", "Description:512", "Manufacturer:256",
                "SoftwareVersion:64", "CIVersion:int", "SDMPackageVersion:int", "IsLatest:int", "IsEnabled:int", "IsExpired:int",
                "IsHidden:int", "IsSuperseded:int", "IsDeployed:int", "NumberOfDeploymentTypes:int", "SourceSite:3",
                "CreatedBy:255", "DateCreated:ts", "LastModifiedBy:255", "DateLastModified:ts"),
                "SELECT ci.CI_ID, ci.CI_UniqueID, ci.ModelName, lp.DisplayName, lp.Description, a.Manufacturer, a.SoftwareVersion, "
                        + "ci.CIVersion, ci.SDMPackageVersion, ci.IsLatest, ci.IsEnabled, ci.IsExpired, ci.IsHidden, ci.IsSuperseded, "
                        + "ci.IsDeployed, (SELECT COUNT(*) FROM CI_DeploymentTypes dt WHERE dt.AppCI_ID = ci.CI_ID) AS NumberOfDeploymentTypes, "
                        + "ci.SourceSite, ci.CreatedBy, ci.DateCreated, ci.LastModifiedBy, ci.DateLastModified "
                        + "FROM CI_ConfigurationItems ci JOIN CI_Applications a ON a.CI_ID = ci.CI_ID "
                        + "JOIN CI_LocalizedProperties lp ON lp.CI_ID = ci.CI_ID AND lp.LocaleID = :lcid WHERE ci.CIType_ID = 10"));
        FUNCTIONS.add(new TableFunction("fn_ListDeploymentTypeCIs", "lcid", columns(
                "CI_ID:int", "CI_UniqueID:512", "ModelName:512", "AppCI_ID:int", "AppModelName:512", "DisplayName:256",
                "Description:512", "Technology:32", "ContentId:64", "PriorityInLatestApp:int", "InstallCommandLine:512",
                "CIVersion:int", "IsLatest:int", "IsEnabled:int", "CreatedBy:255", "DateCreated:ts", "LastModifiedBy:255",
                "DateLastModified:ts"),
                "SELECT ci.CI_ID, ci.CI_UniqueID, ci.ModelName, dt.AppCI_ID, app.ModelName AS AppModelName, lp.DisplayName, "
                        + "lp.Description, dt.Technology, dt.ContentId, dt.PriorityInLatestApp, dt.InstallCommandLine, ci.CIVersion, "
                        + "ci.IsLatest, ci.IsEnabled, ci.CreatedBy, ci.DateCreated, ci.LastModifiedBy, ci.DateLastModified "
                        + "FROM CI_ConfigurationItems ci JOIN CI_DeploymentTypes dt ON dt.CI_ID = ci.CI_ID "
                        + "JOIN CI_ConfigurationItems app ON app.CI_ID = dt.AppCI_ID "
                        + "JOIN CI_LocalizedProperties lp ON lp.CI_ID = ci.CI_ID AND lp.LocaleID = :lcid WHERE ci.CIType_ID = 21"));
    }

    private SiteDatabaseSchema() {
    }

    public static Table table(String name) {
        Table t = TABLES.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no table " + name);
        }
        return t;
    }

    public static List<Table> tables() {
        return List.copyOf(TABLES.values());
    }

    public static List<View> views() {
        return List.copyOf(VIEWS);
    }

    public static List<TableFunction> functions() {
        return List.copyOf(FUNCTIONS);
    }

    private static void table(Table t) {
        TABLES.put(t.name(), t);
    }

    private static void view(String name, String select) {
        VIEWS.add(new View(name, select));
    }

    private static List<Column> columns(String... specs) {
        return java.util.Arrays.stream(specs).map(Column::parse).toList();
    }
}
