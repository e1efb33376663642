package io.cmmigration.gathering.run;

import io.cmmigration.events.catalogue.ChildSource;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.ReferenceSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attribute names as the ConfigMgr documentation spells them. SQL Server returns the views' column names as defined;
 * PostgreSQL (the simulator) folds unquoted identifiers to lower case. Every identifier the catalogue names (keys,
 * names, versions, last-modified, remap fields, columns in its SQL) gets its documented casing back, so attribute
 * documents name those fields the same way whichever database they came from.
 */
final class ColumnNames {

    private static final Map<String, String> CANONICAL = new HashMap<>();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static {
        for (ObjectTypeSpec spec : ObjectTypeCatalogue.all()) {
            if (spec.source() != null) {
                learn(spec.source().sql());
                learn(spec.source().keyColumn());
                learn(spec.source().nameColumn());
                learn(spec.source().versionColumn());
                learn(spec.source().lastModifiedColumn());
            }
            for (ChildSource c : spec.children()) {
                learn(c.sql());
                learn(c.parentKeyColumn());
            }
            for (ReferenceSource r : spec.references()) {
                learn(r.column());
                learn(r.sql());
            }
            spec.remapFields().forEach(f -> learn(f.replace('.', ' ')));
        }
        for (String extra : List.of("SiteCode", "SiteName", "ServerName", "Version", "ReportingSiteCode", "Type", "NALPath", "RoleName",
                "Comment", "Description", "SourceSite", "DateCreated", "CreatedBy", "LastModifiedBy", "SourceVersion", "PackageType",
                "PkgSourcePath", "ProgramName", "CommandLine", "ProgramFlags", "QueryID", "RuleName", "QueryExpression", "ResourceID",
                "ServiceWindowID", "StartTime", "Duration", "Value", "IsMasked", "ServerNALPath", "SiteSystemName", "Flags",
                "SMS_Assigned_Sites0", "SMS_Unique_Identifier0", "Netbios_Name0", "Name0", "CI_UniqueID", "ModelName", "CIType_ID",
                "CIVersion", "IsLatest", "IsEnabled", "IsExpired", "IsHidden", "IsSuperseded", "IsDeployed", "Manufacturer",
                "SoftwareVersion", "Technology", "ContentId", "AppCI_ID", "PriorityInLatestApp", "ObjectPath", "LimitToCollectionID",
                "CollectionType", "MemberCount", "LastRefreshTime", "LastMemberChangeTime", "IsBuiltIn", "RefreshType", "Schedule",
                "MemberClassName", "BoundaryType", "BoundaryFlags", "DisplayName", "ModifiedOn", "CreatedOn", "ModifiedBy",
                "ParentContainerNodeID", "ObjectTypeName", "ObjectType", "IsSearchFolder", "SearchString", "Title", "ArticleID",
                "BulletinID", "Severity", "DatePosted", "AssignmentName", "AssignmentType", "Assignment_UniqueID", "DeploymentIntent",
                "FeatureType", "SoftwareName", "CollectionName", "ProductName", "FileName", "FileVersion", "LanguageID", "Enabled",
                "ResourceType", "Client0", "Obsolete0", "Active0", "Client_Version0", "Resource_Domain_OR_Workgr0")) {
            learn(extra);
        }
    }

    private ColumnNames() {
    }

    private static void learn(String text) {
        if (text == null) {
            return;
        }
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String id = m.group();
            if (!id.equals(id.toLowerCase(Locale.ROOT)) && !id.equals(id.toUpperCase(Locale.ROOT))) {
                CANONICAL.putIfAbsent(id.toLowerCase(Locale.ROOT), id);
            }
        }
    }

    /** The documented spelling of a column label returned by the driver (unchanged when it is not lower-case folded). */
    static String canonical(String label) {
        if (!label.equals(label.toLowerCase(Locale.ROOT))) {
            return label;
        }
        return CANONICAL.getOrDefault(label, label);
    }
}
