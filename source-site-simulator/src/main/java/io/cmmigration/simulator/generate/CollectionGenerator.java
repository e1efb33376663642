package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.COLLECTIONS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.COLLECTION_DEPENDENCIES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.COLLECTION_MEMBERS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.COLLECTION_VARIABLES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.RULES_DIRECT;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.RULES_QUERY;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SERVICE_WINDOWS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SUB_COLLECTIONS;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.simulator.generate.GenerationContext.CollectionInfo;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Built-in and custom collections with query, direct, include and exclude rules, limiting collections (2012+; 2007 has
 * none, LimitToCollectionID NULL), sub-collections (2007), maintenance windows and variables (2007 only: the catalogue
 * gives those embedded types to the 2007 family alone), members, and folder placement. Empty collections, collections
 * mixing users and devices (2007, CollectionType 0), 2007 query rules embedding the site code and "include unknown
 * computers" rules are all present.
 */
final class CollectionGenerator {

    static final String DEVICE_QUERY_PREFIX = "select SMS_R_SYSTEM.ResourceID,SMS_R_SYSTEM.ResourceType,SMS_R_SYSTEM.Name,"
            + "SMS_R_SYSTEM.SMSUniqueIdentifier,SMS_R_SYSTEM.ResourceDomainORWorkgroup,SMS_R_SYSTEM.Client from SMS_R_System ";
    static final String USER_QUERY_PREFIX = "select SMS_R_USER.ResourceID,SMS_R_USER.ResourceType,SMS_R_USER.Name,"
            + "SMS_R_USER.UniqueUserName,SMS_R_USER.WindowsNTDomain from SMS_R_User ";
    static final String UNKNOWN_COMPUTERS_QUERY = "select SMS_R_UNKNOWNSYSTEM.ResourceID,SMS_R_UNKNOWNSYSTEM.ResourceType,"
            + "SMS_R_UNKNOWNSYSTEM.Name,SMS_R_UNKNOWNSYSTEM.Name,SMS_R_UNKNOWNSYSTEM.Name from SMS_R_UNKNOWNSYSTEM";
    private static final String[] DEVICE_BASES = {"All Windows 10 Workstations", "Office 365 ProPlus Pilot", "Servers - Patch Group",
            "Finance Laptops", "Kiosk Devices", "SQL Servers", "Java Runtime Installed", "Build Machines", "Werkstatt PCs",
            "VDI Pool", "Windows 7 Remaining", "Adobe Reader Targets"};
    private static final String[] USER_BASES = {"Sales Users", "HR Department", "Developers", "Helpdesk Staff", "Marketing",
            "Contractors", "Vertrieb Nord", "営業部"};
    private static final String[] OS_FILTERS = {"%Workstation 10.0%", "%Workstation 6.1%", "%Server 6.3%", "%Server 10.0%", "%Workstation 5.1%"};

    private final GenerationContext ctx;
    private final FolderPlan folders;
    private final Random random;
    private final NameFactory names;
    private int queryIds = 0;
    private final List<CollectionInfo> customDevice = new ArrayList<>();
    private final List<CollectionInfo> customUser = new ArrayList<>();

    CollectionGenerator(GenerationContext ctx, FolderPlan folders) {
        this.ctx = ctx;
        this.folders = folders;
        this.random = ctx.random("collections");
        this.names = new NameFactory(ctx.random("collection-names"));
    }

    void generate() {
        builtIns();
        int count = ctx.count(ObjectType.COLLECTION);
        for (int i = 0; i < count; i++) {
            custom(i, count);
        }
    }

    private void builtIns() {
        String site = ctx.is2007() ? ctx.dbSite.code() : ctx.hierarchy.top().code();
        List<Integer> allSystems = new ArrayList<>(ctx.clientNames.keySet());
        allSystems.sort(null);
        if (ctx.is2007()) {
            builtIn("SMS00001", "All Systems", 2, null, site, allSystems, DEVICE_QUERY_PREFIX.trim());
            builtIn("SMS00002", "All Users", 1, null, site, ctx.userIds, USER_QUERY_PREFIX.trim());
            builtIn("SMS00003", "All User Groups", 1, null, site, List.of(), "select * from SMS_R_UserGroup");
            builtIn("SMS00004", "All Windows Workstation or Professional Systems", 2, null, site, List.of(),
                    DEVICE_QUERY_PREFIX + "where SMS_R_System.OperatingSystemNameandVersion like \"%Workstation%\"");
            builtIn("SMS000GS", "All Windows Server Systems", 2, null, site, List.of(),
                    DEVICE_QUERY_PREFIX + "where SMS_R_System.OperatingSystemNameandVersion like \"%Server%\"");
            builtIn("SMS000US", "All Unknown Computers", 2, null, site, List.of(), UNKNOWN_COMPUTERS_QUERY);
        } else {
            builtIn("SMS00001", "All Systems", 2, null, site, allSystems, DEVICE_QUERY_PREFIX.trim());
            builtIn("SMS00002", "All Users", 1, null, site, ctx.userIds, USER_QUERY_PREFIX.trim());
            builtIn("SMS00003", "All Users and User Groups", 1, null, site, ctx.userIds, USER_QUERY_PREFIX.trim());
            builtIn("SMS00004", "All User Groups", 1, null, site, List.of(), "select * from SMS_R_UserGroup");
            builtIn("SMSDM001", "All Mobile Devices", 2, "SMS00001", site, List.of(),
                    DEVICE_QUERY_PREFIX + "where SMS_R_System.ClientType = 3");
            builtIn("SMSDM003", "All Desktop and Server Clients", 2, "SMS00001", site, ctx.clientIds,
                    DEVICE_QUERY_PREFIX + "where SMS_R_System.ClientType = 1");
            builtIn("SMS000US", "All Unknown Computers", 2, "SMS00001", site, List.of(), UNKNOWN_COMPUTERS_QUERY);
        }
    }

    private void builtIn(String id, String name, int type, String limit, String site, List<Integer> members, String query) {
        LocalDateTime t = ctx.baseTime.minusYears(4);
        ctx.loader.row(COLLECTIONS).set("CollectionID", id).set("CollectionName", name).set("CollectionComment", name)
                .set("CollectionType", type).set("MemberCount", members.size()).set("LastChangeTime", t).set("LastRefreshTime", ctx.baseTime)
                .set("LastMemberChangeTime", ctx.baseTime).set("LimitToCollectionID", limit).set("IsBuiltIn", 1).set("ObjectPath", "/")
                .set("RefreshType", ctx.is2007() ? 2 : 6).set("Schedule", "0001200000100038").set("MemberClassName", "SMS_CM_RES_COLL_" + id)
                .set("SourceSite", site).end();
        ctx.loader.row(RULES_QUERY).set("CollectionID", id).set("QueryID", 1).set("RuleName", name).set("QueryExpression", query)
                .set("LimitToCollectionID", limit).end();
        if (limit != null) {
            dependency(limit, id, 1);
        }
        for (int m : members) {
            member(id, m, type == 1 ? 4 : 5);
        }
        CollectionInfo info = new CollectionInfo(id, name, type);
        ctx.allCollections.add(info);
        (type == 1 ? ctx.userCollections : ctx.deviceCollections).add(info);
    }

    private void custom(int index, int count) {
        String site = ctx.creatingSite(random);
        String id = ctx.nextObjectId(site);
        int roll = random.nextInt(100);
        // 2007 only: a few collections mix users and devices (CollectionType 0); the second one always does.
        int type = ctx.is2007() && (roll < 5 || index == 1) ? 0 : roll < 85 ? 2 : 1;
        String base = (type == 1 ? GenerationContext.pick(random, USER_BASES) : GenerationContext.pick(random, DEVICE_BASES))
                + " " + String.format(Locale.ROOT, "%04d", index);
        String name = names.name(type == 0 ? base + " (users and devices)" : base, 255);
        LocalDateTime created = ctx.time(random);
        List<CollectionInfo> customSameType = type == 1 ? customUser : customDevice;

        String limit = null;
        if (!ctx.is2007()) {
            if (type == 1) {
                limit = random.nextInt(100) < 85 || customSameType.isEmpty() ? "SMS00002" : GenerationContext.pick(random, customSameType).id();
            } else {
                int l = random.nextInt(100);
                limit = l < 70 || customSameType.isEmpty() ? "SMS00001" : l < 85 ? "SMSDM003" : GenerationContext.pick(random, customSameType).id();
            }
            dependency(limit, id, 1);
        }

        Set<Integer> members = new LinkedHashSet<>();
        // The first device collection always carries every rule kind of its version, so even tiny data sets have them all.
        boolean first = type == 2 && customDevice.isEmpty();
        boolean empty = !first && random.nextInt(100) < 5;
        if (!empty) {
            queryRules(id, type, limit, members, first);
            directRules(id, type, members);
            if (!ctx.is2007() && !customSameType.isEmpty()) {
                if (random.nextInt(100) < 10) {
                    for (CollectionInfo inc : distinct(customSameType, 1 + random.nextInt(2), limit)) {
                        dependency(inc.id(), id, 2);
                    }
                }
                if (random.nextInt(100) < 5) {
                    for (CollectionInfo exc : distinct(customSameType, 1, limit)) {
                        dependency(exc.id(), id, 3);
                    }
                }
            }
            if (ctx.is2007() && random.nextInt(100) < 5) {
                List<CollectionInfo> custom = customDevice.isEmpty() ? customUser : customDevice;
                if (!custom.isEmpty()) {
                    ctx.loader.row(SUB_COLLECTIONS).set("ParentCollectionID", GenerationContext.pick(random, custom).id())
                            .set("SubCollectionID", id).end();
                }
            }
        }
        if (ctx.brokenReferences && !ctx.is2007() && index == count - 1) {
            // Included collection deleted in the source: the dependency row stays behind.
            String missing = site + "FFFF0";
            dependency(missing, id, 2);
            ctx.broken(ObjectType.COLLECTION, id, "includeCollection", ObjectType.COLLECTION, missing);
        }
        // Maintenance windows and variables exist (in the catalogue) for 2007 only; the first device collection always has both.
        boolean settings = ObjectTypeCatalogue.spec(ObjectType.MAINTENANCE_WINDOW).existsIn(ctx.family());
        if (settings && type == 2 && (first || random.nextInt(100) < 15)) {
            for (int w = 0; w < 1 + random.nextInt(2); w++) {
                maintenanceWindow(id, created);
            }
        }
        if (settings && type != 1 && (first || random.nextInt(100) < 10)) {
            String[] varNames = {"OSDComputerName", "TimeZone", "OSDDomainOUName", "SMSTSPreferredAdvertID", "Standort", "AppInstall01"};
            int n = 1 + random.nextInt(3);
            for (int v = 0; v < n; v++) {
                boolean masked = random.nextInt(10) == 0;
                ctx.loader.row(COLLECTION_VARIABLES).set("CollectionID", id).set("Name", varNames[(v + index) % varNames.length])
                        .set("Value", masked ? null : "Value " + random.nextInt(1000)).set("IsMasked", masked ? 1 : 0).end();
            }
        }
        String path = NameFactory.truncate(folders.assign(ObjectType.COLLECTION, id, random), 512);
        LocalDateTime refreshed = ctx.after(created, random, 30 * 24 * 3600);
        int refreshType = GenerationContext.pick(random, ctx.is2007() ? new Integer[] {1, 2} : new Integer[] {1, 2, 4, 6});
        for (int m : members) {
            member(id, m, ctx.userNames.containsKey(m) ? 4 : 5);
        }
        ctx.loader.row(COLLECTIONS).set("CollectionID", id).set("CollectionName", name)
                .set("CollectionComment", random.nextInt(10) < 4 ? null : names.name("Requested by " + GenerationContext.pick(random, USER_BASES), 512))
                .set("CollectionType", type).set("MemberCount", members.size()).set("LastChangeTime", created).set("LastRefreshTime", refreshed)
                .set("LastMemberChangeTime", refreshed).set("LimitToCollectionID", limit).set("IsBuiltIn", 0).set("ObjectPath", path)
                .set("RefreshType", refreshType).set("Schedule", refreshType == 1 ? null : hexToken(random))
                .set("MemberClassName", "SMS_CM_RES_COLL_" + id).set("SourceSite", site).end();
        CollectionInfo info = new CollectionInfo(id, name, type);
        ctx.allCollections.add(info);
        if (type == 1) {
            ctx.userCollections.add(info);
            customUser.add(info);
        } else if (type == 2) {
            ctx.deviceCollections.add(info);
            customDevice.add(info);
        }
    }

    private List<CollectionInfo> distinct(List<CollectionInfo> from, int n, String except) {
        Set<CollectionInfo> picked = new LinkedHashSet<>();
        for (int i = 0; i < n * 3 && picked.size() < n; i++) {
            CollectionInfo c = GenerationContext.pick(random, from);
            if (!c.id().equals(except)) {
                picked.add(c);
            }
        }
        return new ArrayList<>(picked);
    }

    private void queryRules(String id, int type, String limit, Set<Integer> members, boolean allKinds) {
        if (!allKinds && random.nextInt(100) >= 60) {
            return;
        }
        int n = allKinds ? 3 : 1 + random.nextInt(2);
        for (int q = 0; q < n; q++) {
            int kind = allKinds ? q : -1;
            String expression;
            String ruleName;
            if (type == 1) {
                String group = GenerationContext.pick(random, USER_BASES).replace(' ', '_');
                expression = USER_QUERY_PREFIX + "where SMS_R_User.UserGroupName = \"" + ctx.domainNetbios() + "\\\\" + group + "\"";
                ruleName = "Members of " + group;
                addRandom(members, ctx.userIds, 8);
            } else if (ctx.is2007() && (kind == 1 || (kind < 0 && random.nextInt(100) < 4))) {
                expression = UNKNOWN_COMPUTERS_QUERY;
                ruleName = "Include unknown computers";
            } else if (ctx.is2007() && (kind == 0 || (kind < 0 && random.nextBoolean()))) {
                expression = DEVICE_QUERY_PREFIX + "where SMS_R_System.SMSAssignedSites = \"" + ctx.dbSite.code() + "\"";
                ruleName = "Clients of site " + ctx.dbSite.code();
                addRandom(members, ctx.clientIds, 12);
            } else {
                String os = GenerationContext.pick(random, OS_FILTERS);
                expression = DEVICE_QUERY_PREFIX + "where SMS_R_System.OperatingSystemNameandVersion like \"" + os + "\"";
                ruleName = names.name("OS " + os.replace("%", ""), 255);
                addRandom(members, ctx.clientIds, 12);
            }
            if (type == 0) {
                addRandom(members, ctx.userIds, 2);
            }
            String ruleLimit = limit;
            if (ctx.is2007() && random.nextInt(100) < 20) {
                ruleLimit = "SMS00001";
            }
            ctx.loader.row(RULES_QUERY).set("CollectionID", id).set("QueryID", ++queryIds).set("RuleName", ruleName)
                    .set("QueryExpression", expression).set("LimitToCollectionID", ruleLimit).end();
        }
    }

    private void directRules(String id, int type, Set<Integer> members) {
        if (random.nextInt(100) >= 40 && type != 0) {
            return;
        }
        int n = 1 + random.nextInt(5);
        Set<Integer> direct = new LinkedHashSet<>();
        if (type != 1) {
            addRandom(direct, ctx.clientIds, n);
        }
        if (type != 2) {
            addRandom(direct, ctx.userIds, type == 0 ? 1 : n);
        }
        for (int rid : direct) {
            boolean user = ctx.userNames.containsKey(rid);
            ctx.loader.row(RULES_DIRECT).set("CollectionID", id).set("ResourceID", rid)
                    .set("RuleName", user ? ctx.userNames.get(rid) : ctx.clientNames.get(rid)).set("ResourceType", user ? 4 : 5).end();
        }
        members.addAll(direct);
    }

    private void addRandom(Set<Integer> into, List<Integer> from, int max) {
        if (from.isEmpty()) {
            return;
        }
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            into.add(GenerationContext.pick(random, from));
        }
    }

    private void member(String collectionId, int resourceId, int resourceType) {
        String name = resourceType == 4 ? ctx.userNames.get(resourceId) : ctx.clientNames.get(resourceId);
        String site = resourceType == 4 ? null : ctx.clientSite.get(resourceId);
        ctx.loader.row(COLLECTION_MEMBERS).set("CollectionID", collectionId).set("ResourceID", resourceId).set("ResourceType", resourceType)
                .set("Name", name).set("SiteCode", site).set("IsClient", resourceType == 5 && ctx.clientSite.containsKey(resourceId) ? 1 : 0).end();
    }

    private void dependency(String source, String dependent, int relationship) {
        ctx.loader.row(COLLECTION_DEPENDENCIES).set("SourceCollectionID", source).set("DependentCollectionID", dependent)
                .set("RelationshipType", relationship).end();
    }

    private void maintenanceWindow(String id, LocalDateTime created) {
        String day = GenerationContext.pick(random, new String[] {"Tuesday", "Saturday", "Sunday", "Dienstag", "日曜日"});
        ctx.loader.row(SERVICE_WINDOWS).set("ServiceWindowID", "{" + GenerationContext.guid(random) + "}").set("CollectionID", id)
                .set("Name", "Maintenance " + day + " " + (18 + random.nextInt(6)) + ":00").set("Description", random.nextBoolean() ? null : "Patch window")
                .set("StartTime", created.withHour(22).withMinute(0).withSecond(0)).set("Duration", 60 * (1 + random.nextInt(4)))
                .set("RecurrenceType", 1 + random.nextInt(5)).set("ServiceWindowType", 1).set("IsEnabled", random.nextInt(10) == 0 ? 0 : 1)
                .set("IsGMT", random.nextInt(2)).set("Schedules", hexToken(random)).end();
    }

    static String hexToken(Random r) {
        return String.format(Locale.ROOT, "%08X%08X", r.nextInt(), r.nextInt());
    }
}
