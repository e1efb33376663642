package io.cmmigration.simulator.mutate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.*;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.ReferenceSource;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.simulator.manifest.BrokenReference;
import io.cmmigration.simulator.schema.SiteDatabaseSchema;
import io.cmmigration.simulator.schema.Table;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Deterministic changes to one site database, as an administrator and the product would make them between two
 * gathering runs: per type about {@code percent}% of the objects are changed (renamed, source refreshed / new revision,
 * or a child row edited), half as many are added (copies of existing objects, as "Copy" in the console does) and half as
 * many removed; NetBIOS-only DPs get an FQDN; a secondary site is added.
 *
 * <p>Invariants kept: every change sets the object's last-modified column to one mutation time that is later than every
 * last-modified value before the call (a child-row change bumps the parent); renames and source refreshes bump
 * SourceVersion/CIVersion; only objects nothing references are removed, and objects carrying a deliberately broken
 * reference are neither removed nor copied, so the manifest's broken-reference list stays exact.
 */
public final class Mutator {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Types mutated, in a fixed order (software updates are not: they change only through WSUS synchronisation). */
    private static final List<ObjectType> ORDER = List.of(ObjectType.COLLECTION, ObjectType.PACKAGE, ObjectType.VIRTUAL_APPLICATION_PACKAGE,
            ObjectType.BOOT_IMAGE, ObjectType.OS_IMAGE, ObjectType.OS_INSTALL_PACKAGE, ObjectType.DRIVER_PACKAGE,
            ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_PACKAGE, ObjectType.TASK_SEQUENCE, ObjectType.ADVERTISEMENT, ObjectType.DEPLOYMENT,
            ObjectType.APPLICATION, ObjectType.CONFIGURATION_ITEM, ObjectType.CONFIGURATION_BASELINE, ObjectType.SOFTWARE_UPDATE_GROUP,
            ObjectType.DRIVER, ObjectType.BOUNDARY, ObjectType.SOFTWARE_METERING_RULE, ObjectType.AI_CATALOG_CATEGORY,
            ObjectType.AI_SOFTWARE_LIST, ObjectType.AI_HARDWARE_REQUIREMENT, ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE,
            ObjectType.SAVED_SEARCH, ObjectType.APPV_VIRTUAL_ENVIRONMENT, ObjectType.SOFTWARE_UPDATE_DEPLOYMENT,
            ObjectType.ORGANIZATIONAL_FOLDER, ObjectType.CLIENT);

    /** Keys referenced outside the catalogue's reference queries (never removed either). */
    private static final List<String> EXTRA_REFERENCES = List.of(
            "SELECT DISTINCT substring(DependentProgram, 1, 8) FROM PkgPrograms WHERE DependentProgram IS NOT NULL",
            "SELECT RefPackageID FROM TS_References",
            "SELECT CAST(CI_ID AS VARCHAR) FROM DeploymentSummary WHERE CI_ID IS NOT NULL",
            "SELECT PackageID FROM DeploymentSummary WHERE PackageID IS NOT NULL",
            "SELECT CAST(CI_ID AS VARCHAR) FROM CIAssignmentToCI",
            "SELECT ParentCollectionID FROM CollectToSubCollect",
            "SELECT CollectionID FROM CIAssignments",
            "SELECT LimitToCollectionID FROM CollectionRules_Query WHERE LimitToCollectionID IS NOT NULL",
            "SELECT CAST(ToApplicationCIID AS VARCHAR) FROM AppRelations");

    private final Connection connection;
    private final String dbSiteCode;
    private final SourceFamily family;
    private final double percent;
    private final Random random;
    private final Set<String> brokenSources = new HashSet<>();
    private LocalDateTime mutationTime;
    private String timeLiteral;
    private String objectSite;
    private int nextSiteId;
    private int nextOfferId;

    public Mutator(Connection connection, String dbSiteCode, SourceFamily family, double percent, long seed, List<BrokenReference> broken) {
        this.connection = connection;
        this.dbSiteCode = dbSiteCode;
        this.family = family;
        this.percent = percent;
        this.random = new Random(seed * 1_000_003L + dbSiteCode.hashCode());
        for (BrokenReference b : broken) {
            brokenSources.add(b.key());
        }
    }

    public MutationManifest.Database mutate() throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            mutationTime = maxLastModified().plusDays(1);
            timeLiteral = "TIMESTAMP '" + TS.format(mutationTime) + "'";
            objectSite = scalar("SELECT MIN(SourceSite) FROM Collections_G WHERE IsBuiltIn = 1");
            if (objectSite == null) {
                objectSite = dbSiteCode;
            }
            nextSiteId = maxHex("SELECT MAX(k) FROM (SELECT CollectionID AS k FROM Collections_G UNION ALL SELECT PackageID FROM SMSPackages "
                    + "UNION ALL SELECT SecurityKey FROM MeteredProductRules) x WHERE k LIKE '" + objectSite + "0%'") + 1;
            nextOfferId = maxHex("SELECT MAX(k) FROM (SELECT AdvertisementID AS k FROM Advertisements UNION ALL SELECT DeploymentID FROM DeploymentSummary) x "
                    + "WHERE k LIKE '" + objectSite + "2%' AND LENGTH(k) = 8") + 1;
            nextOfferId = Math.max(nextOfferId, 0x20000);
            Set<String> referenced = referencedKeys();
            Map<String, MutationManifest.TypeChanges> types = new LinkedHashMap<>();
            for (ObjectType type : ORDER) {
                if (ObjectTypeCatalogue.spec(type).existsIn(family)) {
                    types.put(type.name(), mutateType(TypeStorage.of(type), referenced));
                }
            }
            List<MutationManifest.DistributionPointChange> dps = changeDistributionPointNames(types);
            List<String> sites = new ArrayList<>();
            String site = addSecondarySite();
            if (site != null) {
                sites.add(site);
            }
            connection.commit();
            return new MutationManifest.Database(dbSiteCode, mutationTime.toString(), types, dps, sites);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    // ---------------------------------------------------------------- selection

    private MutationManifest.TypeChanges mutateType(TypeStorage s, Set<String> referenced) throws SQLException {
        String where = (s.filter() == null ? "1 = 1" : s.filter()) + (s.mutableFilter() == null ? "" : " AND " + s.mutableFilter());
        List<String> candidates = strings("SELECT " + s.key() + " FROM " + s.table() + " WHERE " + where + " ORDER BY " + s.key());
        int k = candidates.isEmpty() || percent <= 0 ? 0 : (int) Math.ceil(candidates.size() * percent / 100.0);
        int half = k == 0 ? 0 : (k + 1) / 2;
        List<String> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled, random);
        List<String> removed = new ArrayList<>();
        for (String key : shuffled) {
            if (removed.size() >= half) {
                break;
            }
            if (!referenced.contains(key) && !brokenSources.contains(key)) {
                removed.add(key);
            }
        }
        List<String> remaining = new ArrayList<>(shuffled);
        remaining.removeAll(removed);
        List<String> changed = new ArrayList<>(remaining.subList(0, Math.min(k, remaining.size())));
        List<String> cloneSources = remaining.stream().filter(key -> !brokenSources.contains(key)).toList();
        List<String> added = new ArrayList<>();
        for (int i = 0; i < half && !cloneSources.isEmpty(); i++) {
            added.add(copy(s, cloneSources.get(random.nextInt(cloneSources.size()))));
        }
        for (String key : changed) {
            change(s, key);
        }
        for (String key : removed) {
            remove(s, key);
        }
        Collections.sort(changed);
        Collections.sort(removed);
        return new MutationManifest.TypeChanges(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
    }

    private Set<String> referencedKeys() throws SQLException {
        Set<String> keys = new HashSet<>();
        for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(family)) {
            for (ReferenceSource r : spec.references()) {
                String sql = r.isColumn() ? "SELECT q." + r.column() + " FROM (" + spec.source().sql() + ") q" : "SELECT r.ToKey FROM (" + r.sql() + ") r";
                keys.addAll(strings(sql));
            }
        }
        for (String sql : EXTRA_REFERENCES) {
            keys.addAll(strings(sql));
        }
        keys.remove(null);
        return keys;
    }

    // ---------------------------------------------------------------- change

    private void change(TypeStorage s, String key) throws SQLException {
        String k = literal(s, key);
        if (s.type() == ObjectType.CLIENT) {
            // A client upgrade: new client version on the same record.
            update("UPDATE System_DISC SET Client_Version0 = '5.00.9999.1000' WHERE ResourceID = " + k);
            return;
        }
        int mode = random.nextInt(3);
        boolean childChanged = false;
        if (mode == 0) {
            for (TypeStorage.Child c : s.children()) {
                String rowKey = scalar("SELECT " + c.orderBy() + " FROM " + c.table() + " WHERE " + c.fk() + " = " + k + " ORDER BY " + c.orderBy() + " LIMIT 1");
                if (rowKey != null) {
                    String rowLiteral = isIntColumn(c.table(), c.orderBy()) ? rowKey : quote(rowKey);
                    update("UPDATE " + c.table() + " SET " + c.column() + " = " + c.expression() + " WHERE " + c.fk() + " = " + k
                            + " AND " + c.orderBy() + " = " + rowLiteral);
                    if (c.table().equals(DEPLOYMENT_TYPES)) {
                        update("UPDATE " + CIS + " SET DateLastModified = " + timeLiteral + ", CIVersion = CIVersion + 1 WHERE CI_ID = " + rowLiteral);
                    }
                    childChanged = true;
                    break;
                }
            }
        }
        boolean rename = !childChanged && (mode != 2 || s.versionColumn() == null);
        if (rename) {
            String old = scalar("SELECT " + s.nameColumn() + " FROM " + s.nameTable() + " WHERE " + s.key() + " = " + k
                    + (s.nameFilter() == null ? "" : " AND " + s.nameFilter()));
            String renamed = truncate(old == null ? s.type().name().toLowerCase(Locale.ROOT) : old, s.nameLimit() - 10) + " (renamed)";
            update("UPDATE " + s.nameTable() + " SET " + s.nameColumn() + " = " + quote(renamed) + " WHERE " + s.key() + " = " + k
                    + (s.nameFilter() == null ? "" : " AND " + s.nameFilter()));
        }
        List<String> sets = new ArrayList<>();
        if (s.lastModifiedColumn() != null) {
            sets.add(s.lastModifiedColumn() + " = " + timeLiteral);
        }
        // Renames and source refreshes bump SourceVersion; a new application/CI revision bumps CIVersion on any change.
        boolean bumpVersion = s.versionColumn() != null && (!childChanged || s.keyKind() == TypeStorage.KeyKind.CI);
        if (bumpVersion) {
            sets.add(s.versionColumn() + " = " + s.versionColumn() + " + 1");
        }
        if (s.table().equals(PACKAGES) && !childChanged) {
            sets.add("SourceDate = " + timeLiteral);
        }
        if (!sets.isEmpty()) {
            update("UPDATE " + s.table() + " SET " + String.join(", ", sets) + " WHERE " + s.key() + " = " + k);
        }
        if (s.keyKind() == TypeStorage.KeyKind.CI && bumpVersion) {
            update("UPDATE " + CIS + " SET CI_UniqueID = ModelName || '/' || CIVersion WHERE CI_ID = " + k);
        }
    }

    // ---------------------------------------------------------------- remove

    private void remove(TypeStorage s, String key) throws SQLException {
        String k = literal(s, key);
        if (s.type() == ObjectType.CLIENT) {
            // A client record is not deleted but made obsolete (a reinstall or a manual delete leaves it so until cleanup).
            update("UPDATE System_DISC SET Obsolete0 = 1, Active0 = 0 WHERE ResourceID = " + k);
            return;
        }
        if (s.instanceKeyColumn() != null) {
            String instanceKey = scalar("SELECT " + s.instanceKeyColumn() + " FROM " + s.table() + " WHERE " + s.key() + " = " + k);
            update("DELETE FROM FolderMembers WHERE InstanceKey = " + quote(instanceKey) + " AND ObjectTypeName = "
                    + quote(ObjectTypeCatalogue.spec(s.type()).smsClass()));
        }
        if (s.type() == ObjectType.APPLICATION) {
            String model = scalar("SELECT ModelName FROM " + CIS + " WHERE CI_ID = " + k);
            String dts = "SELECT CI_ID FROM " + DEPLOYMENT_TYPES + " WHERE AppCI_ID IN (SELECT CI_ID FROM " + CIS + " WHERE ModelName = " + quote(model) + ")";
            update("DELETE FROM " + CI_LOCALIZED + " WHERE CI_ID IN (" + dts + ")");
            update("DELETE FROM " + CIS + " WHERE CI_ID IN (" + dts + ")");
            update("DELETE FROM " + DEPLOYMENT_TYPES + " WHERE AppCI_ID IN (SELECT CI_ID FROM " + CIS + " WHERE ModelName = " + quote(model) + ")");
            String revisions = "SELECT CI_ID FROM " + CIS + " WHERE ModelName = " + quote(model) + " AND IsLatest = 0";
            update("DELETE FROM " + CI_LOCALIZED + " WHERE CI_ID IN (" + revisions + ")");
            update("DELETE FROM " + APPLICATIONS + " WHERE CI_ID IN (" + revisions + ")");
            update("DELETE FROM " + CIS + " WHERE CI_ID IN (" + revisions + ")");
        }
        for (TypeStorage.Owned o : s.owned()) {
            update("DELETE FROM " + o.table() + " WHERE " + o.column() + " = " + k);
        }
        update("DELETE FROM " + s.table() + " WHERE " + s.key() + " = " + k);
    }

    // ---------------------------------------------------------------- add (copy)

    private String copy(TypeStorage s, String sourceKey) throws SQLException {
        String newKey = newKey(s);
        String k = literal(s, sourceKey);
        String nk = literal(s, newKey);
        String oldName = scalar("SELECT " + s.nameColumn() + " FROM " + s.nameTable() + " WHERE " + s.key() + " = " + k
                + (s.nameFilter() == null ? "" : " AND " + s.nameFilter()));
        String name = s.type() == ObjectType.CLIENT ? "NEW" + newKey.substring(Math.max(0, newKey.length() - 8))
                : truncate(oldName == null ? "Copy" : oldName, s.nameLimit() - 7) + " (copy)";
        Map<String, String> base = new LinkedHashMap<>();
        if (s.nameTable().equals(s.table())) {
            base.put(s.nameColumn(), quote(name));
        }
        if (s.lastModifiedColumn() != null) {
            base.put(s.lastModifiedColumn(), timeLiteral);
        }
        if (s.versionColumn() != null) {
            base.put(s.versionColumn(), "1");
        }
        String model = null;
        switch (s.table()) {
            case COLLECTIONS -> {
                base.put("MemberClassName", quote("SMS_CM_RES_COLL_" + newKey));
                base.put("SourceSite", quote(objectSite));
            }
            case PACKAGES -> {
                base.put("SourceSite", quote(objectSite));
                base.put("SourceDate", timeLiteral);
                base.put("StoredPkgPath", "NULL");
            }
            case CIS -> {
                String current = scalar("SELECT ModelName FROM " + CIS + " WHERE CI_ID = " + k);
                model = current.substring(0, current.lastIndexOf('_') + 1) + guid();
                base.put("ModelName", quote(model));
                base.put("CI_UniqueID", quote(model + "/1"));
                base.put("SDMPackageVersion", "1");
                base.put("DateCreated", timeLiteral);
                base.put("IsDeployed", "0");
            }
            case SYSTEM_DISC -> {
                base.put("Name0", quote(name));
                base.put("SMS_Unique_Identifier0", quote("GUID:" + guid()));
                base.put("Creation_Date0", timeLiteral);
            }
            case METERING_RULES -> base.put("RuleID", "(SELECT MAX(RuleID) + 1 FROM MeteredProductRules)");
            case FOLDERS -> base.put("FolderGuid", quote(guid()));
            case DEPLOYMENT_SUMMARY -> {
                base.put("CreationTime", timeLiteral);
                base.put("DeploymentTime", timeLiteral);
            }
            case CI_ASSIGNMENTS -> {
                base.put("Assignment_UniqueID", quote("{" + guid() + "}"));
                base.put("CreationTime", timeLiteral);
            }
            case ADVERTISEMENTS -> base.put("PresentTime", timeLiteral);
            case BOUNDARIES -> base.put("CreatedOn", timeLiteral);
            case VIRTUAL_ENVIRONMENTS, SAVED_SEARCHES, TEMPLATES -> base.put("DateCreated", timeLiteral);
            default -> { }
        }
        insertCopy(s.table(), s.key(), k, nk, base);
        for (TypeStorage.Owned o : s.owned()) {
            if (!o.copy()) {
                continue;
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            if (o.table().equals(CI_LOCALIZED)) {
                overrides.put("DisplayName", quote(truncate(name, 256)));
            } else if (o.table().equals(SERVICE_WINDOWS)) {
                overrides.put("ServiceWindowID", "'{' || upper(md5(ServiceWindowID || " + quote(newKey) + ")) || '}'");
            } else if (o.table().equals(DRIVER_CONTENT)) {
                overrides.put("Content_ID", "Content_ID + 100000000");
            }
            insertCopy(o.table(), o.column(), k, nk, overrides);
        }
        if (s.type() == ObjectType.APPLICATION) {
            for (String dt : strings("SELECT CI_ID FROM " + DEPLOYMENT_TYPES + " WHERE AppCI_ID = " + k + " ORDER BY CI_ID")) {
                String newDt = String.valueOf(nextCiId());
                String dtModel = model.substring(0, model.indexOf('/') + 1) + "DeploymentType_" + guid();
                insertCopy(CIS, "CI_ID", dt, newDt, Map.of("ModelName", quote(dtModel), "CI_UniqueID", quote(dtModel + "/1"), "CIVersion", "1",
                        "DateCreated", timeLiteral, "DateLastModified", timeLiteral));
                insertCopy(CI_LOCALIZED, "CI_ID", dt, newDt, Map.of());
                insertCopy(DEPLOYMENT_TYPES, "CI_ID", dt, newDt, Map.of("AppCI_ID", nk, "ContentId", quote("Content_" + guid())));
            }
        }
        return newKey;
    }

    private void insertCopy(String table, String keyColumn, String oldKeyLiteral, String newKeyLiteral, Map<String, String> overrides) throws SQLException {
        Table t = SiteDatabaseSchema.table(table);
        List<String> exprs = new ArrayList<>();
        for (String c : t.columnNames()) {
            exprs.add(c.equalsIgnoreCase(keyColumn) ? newKeyLiteral : overrides.getOrDefault(c, c));
        }
        update("INSERT INTO " + table + " (" + String.join(", ", t.columnNames()) + ") SELECT " + String.join(", ", exprs) + " FROM " + table
                + " WHERE " + keyColumn + " = " + oldKeyLiteral);
    }

    private String newKey(TypeStorage s) throws SQLException {
        return switch (s.keyKind()) {
            case SITE_ID -> objectSite + String.format(Locale.ROOT, "%05X", nextSiteId++);
            case OFFER_ID -> objectSite + String.format(Locale.ROOT, "%05X", nextOfferId++);
            case GUID -> s.type() == ObjectType.DEPLOYMENT && random.nextBoolean()
                    ? objectSite + String.format(Locale.ROOT, "%05X", nextOfferId++) : "{" + guid() + "}";
            case CI -> String.valueOf(nextCiId());
            case INT -> String.valueOf(Long.parseLong(scalar("SELECT COALESCE(MAX(" + s.key() + "), 16777216) FROM " + s.table())) + 1);
        };
    }

    private long nextCiId() throws SQLException {
        return Long.parseLong(scalar("SELECT GREATEST((SELECT COALESCE(MAX(CI_ID), 16777216) FROM CI_ConfigurationItems), "
                + "(SELECT COALESCE(MAX(CI_ID), 16777216) FROM GlobalConditions))")) + 1;
    }

    // ---------------------------------------------------------------- DPs and sites

    /** NetBIOS-only DPs get an FQDN (they become eligible for sharing); boundaries using them are bumped (child rows changed). */
    private List<MutationManifest.DistributionPointChange> changeDistributionPointNames(Map<String, MutationManifest.TypeChanges> types) throws SQLException {
        List<String[]> netbios = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT NALPath, ServerName FROM DistributionPoints WHERE ServerName NOT LIKE '%.%' ORDER BY NALPath")) {
            while (rs.next()) {
                netbios.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        int n = percent <= 0 || netbios.isEmpty() ? 0 : Math.max(1, (int) Math.ceil(netbios.size() * percent / 100.0));
        String domain = scalar("SELECT substring(ServerName from position('.' in ServerName) + 1) FROM Sites WHERE ServerName LIKE '%.%' ORDER BY SiteCode LIMIT 1");
        List<MutationManifest.DistributionPointChange> changes = new ArrayList<>();
        Set<String> bumped = new java.util.TreeSet<>();
        for (String[] dp : netbios.subList(0, Math.min(n, netbios.size()))) {
            String oldNal = dp[0];
            String newServer = dp[1].toLowerCase(Locale.ROOT) + "." + domain;
            String newNal = oldNal.replace("\\\\" + dp[1] + "\\", "\\\\" + newServer + "\\");
            bumped.addAll(strings("SELECT DISTINCT CAST(BoundaryID AS VARCHAR) FROM v_BoundarySiteSystems WHERE ServerNALPath = " + quote(oldNal)));
            update("UPDATE DistributionPoints SET NALPath = " + quote(newNal) + ", ServerName = " + quote(newServer) + " WHERE NALPath = " + quote(oldNal));
            update("UPDATE SysResList SET NALPath = " + quote(newNal) + ", ServerName = " + quote(newServer) + " WHERE NALPath = " + quote(oldNal));
            update("UPDATE PkgServers SET ServerNALPath = " + quote(newNal) + " WHERE ServerNALPath = " + quote(oldNal));
            update("UPDATE BoundaryGroupSiteSystems SET ServerNALPath = " + quote(newNal) + ", SiteSystemName = " + quote(newServer)
                    + " WHERE ServerNALPath = " + quote(oldNal));
            update("UPDATE ProtectedSiteSystems SET ServerNALPath = " + quote(newNal) + ", SiteSystemName = " + quote(newServer)
                    + " WHERE ServerNALPath = " + quote(oldNal));
            changes.add(new MutationManifest.DistributionPointChange(oldNal, newNal, dp[1], newServer));
        }
        if (!bumped.isEmpty()) {
            MutationManifest.TypeChanges b = types.get(ObjectType.BOUNDARY.name());
            List<String> removed = b.removed();
            Set<String> changed = new java.util.TreeSet<>(b.changed());
            for (String id : bumped) {
                if (!removed.contains(id)) {
                    update("UPDATE BoundaryEx SET ModifiedOn = " + timeLiteral + " WHERE BoundaryID = " + id);
                    if (!b.added().contains(id)) {
                        changed.add(id);
                    }
                }
            }
            types.put(ObjectType.BOUNDARY.name(), new MutationManifest.TypeChanges(b.added(), List.copyOf(changed), removed));
        }
        return changes;
    }

    /** Adds a secondary site (with its site server DP) under this database's primary (2012+: under the first primary). */
    private String addSecondarySite() throws SQLException {
        if (percent <= 0) {
            return null;
        }
        String parent = scalar("SELECT SiteCode FROM Sites WHERE Type = 2 ORDER BY CASE WHEN SiteCode = " + quote(dbSiteCode)
                + " THEN 0 ELSE 1 END, SiteCode LIMIT 1");
        if (parent == null) {
            return null;
        }
        Set<String> used = new HashSet<>(strings("SELECT SiteCode FROM Sites"));
        String code = null;
        for (int i = 1; i < 100 && code == null; i++) {
            String candidate = String.format(Locale.ROOT, "N%02d", i);
            if (!used.contains(candidate)) {
                code = candidate;
            }
        }
        String parentServer = scalar("SELECT ServerName FROM Sites WHERE SiteCode = " + quote(parent));
        String server = "cm" + code.toLowerCase(Locale.ROOT) + parentServer.substring(parentServer.indexOf('.'));
        String version = scalar("SELECT Version FROM Sites WHERE SiteCode = " + quote(parent));
        String build = scalar("SELECT BuildNumber FROM Sites WHERE SiteCode = " + quote(parent));
        String installDir = scalar("SELECT InstallDir FROM Sites WHERE SiteCode = " + quote(parent));
        update("INSERT INTO Sites (SiteCode, SiteName, ServerName, Version, BuildNumber, ReportingSiteCode, Type, InstallDir, Status) VALUES ("
                + quote(code) + ", " + quote("Secondary Site " + code) + ", " + quote(server) + ", " + quote(version) + ", " + build + ", "
                + quote(parent) + ", 1, " + quote(installDir) + ", 1)");
        update("INSERT INTO SiteClientRequestPorts (SiteCode, HttpPort, HttpsPort) VALUES (" + quote(code) + ", 80, 443)");
        String nal = "[\"Display=\\\\" + server + "\\\"]MSWNET:[\"SMS_SITE=" + code + "\"]\\\\" + server + "\\";
        for (String role : List.of("SMS Site Server", "SMS Site System", "SMS Component Server", "SMS Distribution Point")) {
            update("INSERT INTO SysResList (SiteCode, ServerName, NALPath, RoleName, ResourceType) VALUES (" + quote(code) + ", " + quote(server)
                    + ", " + quote(nal) + ", " + quote(role) + ", 'Windows NT Server')");
        }
        String dpId = scalar("SELECT COALESCE(MAX(DPID), 0) + 1 FROM DistributionPoints");
        update("INSERT INTO DistributionPoints (NALPath, DPID, ServerName, SiteCode, ShareName, DPType, IsPeerDP, IsPullDP, IsPXE, IsProtected, "
                + "IsOnSiteServer, IsSecondarySiteServer, MBytesFree, OperatingSystem, GroupCount, Description, Drive, IsMulticast, BitsEnabled, "
                + "Communication, PreStagingAllowed) VALUES (" + quote(nal) + ", " + dpId + ", " + quote(server) + ", " + quote(code) + ", "
                + quote(family == SourceFamily.CM2007 ? "SMSPKGD$" : "SMS_DP$") + ", 'STANDARD', 0, 0, 0, 0, 1, 1, 120000, "
                + "'Microsoft Windows Server 2012 R2', 0, 'secondary site server distribution point', 'D:', 0, 1, 0, 0)");
        return code;
    }

    // ---------------------------------------------------------------- helpers

    private LocalDateTime maxLastModified() throws SQLException {
        LocalDateTime max = LocalDateTime.of(2000, 1, 1, 0, 0);
        for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(family)) {
            if (spec.source().lastModifiedColumn() == null) {
                continue;
            }
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(q." + spec.source().lastModifiedColumn()
                    + ") FROM (" + spec.source().sql() + ") q")) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                if (t != null && t.toLocalDateTime().isAfter(max)) {
                    max = t.toLocalDateTime();
                }
            }
        }
        return max.withNano(0);
    }

    private int maxHex(String sql) throws SQLException {
        String max = scalar(sql);
        return max == null ? 0x0000F : Integer.parseInt(max.substring(3), 16);
    }

    private String guid() {
        return new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase(Locale.ROOT);
    }

    private static boolean isIntColumn(String table, String column) {
        return SiteDatabaseSchema.table(table).column(column).kind() == io.cmmigration.simulator.schema.Column.Kind.INT;
    }

    private String literal(TypeStorage s, String key) {
        return isIntColumn(s.table(), s.key()) ? key : quote(key);
    }

    static String quote(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }

    static String truncate(String s, int limit) {
        return s.codePointCount(0, s.length()) <= limit ? s : s.substring(0, s.offsetByCodePoints(0, limit));
    }

    private void update(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + " in: " + sql, e.getSQLState(), e);
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> list = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                list.add(rs.getString(1));
            }
        }
        return list;
    }
}
