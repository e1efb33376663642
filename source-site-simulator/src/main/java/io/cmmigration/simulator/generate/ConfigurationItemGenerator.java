package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.APPLICATIONS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.APP_RELATIONS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.CIS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.CI_LOCALIZED;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.CI_RELATIONS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.DEPLOYMENT_TYPES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.DRIVERS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.DRIVER_CONTENT;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.GLOBAL_CONDITIONS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.UPDATE_INFO;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.VIRTUAL_ENVIRONMENTS;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.simulator.generate.GenerationContext.AppInfo;
import io.cmmigration.simulator.generate.GenerationContext.NamedKey;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Everything stored as a configuration item (one CI table, CIType_ID tells them apart): software updates (1, bundles 8),
 * update groups (9, members via CI relation type 1), configuration items (3), baselines (2, members via CI relation
 * type 2), drivers (6, placed in driver packages), applications (10) with deployment types (21), dependencies and
 * supersedence, plus global conditions and App-V virtual environments (own tables). Every CI has an en-US (1033)
 * localized row; some also have German or Japanese ones.
 */
final class ConfigurationItemGenerator {

    static final int RELATION_UPDATE_GROUP_MEMBER = 1;
    static final int RELATION_BASELINE_MEMBER = 2;

    private static final String[] UPDATE_PRODUCTS = {"Windows 10 Version 1607 for x64-based Systems", "Windows 7 for x64-based Systems",
            "Windows Server 2012 R2", "Microsoft Office 2013 (32-Bit Edition)", "Windows Server 2008 R2 x64 Edition",
            "Internet Explorer 11 for Windows 7"};
    private static final String[] CI_NAMES = {"Registry: Disable SMBv1", "WMI: BitLocker status", "File: hosts unchanged",
            "Script: Local admin members", "Registry: Proxy settings", "Service: Windows Update running", "Registry: Bildschirmschoner aktiv",
            "ファイアウォール有効"};
    private static final String[][] DRIVERS_LIST = {{"Intel(R) Ethernet Connection I219-LM", "Net", "e1d65x64.inf", "Intel"},
            {"Realtek High Definition Audio", "MEDIA", "hdxrt.inf", "Realtek Semiconductor Corp."},
            {"Intel(R) HD Graphics 520", "Display", "igdlh64.inf", "Intel Corporation"},
            {"Dell Touchpad", "Mouse", "dellmouse.inf", "Dell"}, {"Synaptics SMBus Driver", "System", "smbusdrv.inf", "Synaptics"},
            {"Broadcom NetXtreme Gigabit Ethernet", "Net", "b57nd60a.inf", "Broadcom"}};

    private final GenerationContext ctx;
    private final FolderPlan folders;
    private final Random random;
    private final NameFactory names;
    private final String scopeId;

    ConfigurationItemGenerator(GenerationContext ctx, FolderPlan folders) {
        this.ctx = ctx;
        this.folders = folders;
        this.random = ctx.random("configuration-items");
        this.names = new NameFactory(ctx.random("ci-names"));
        this.scopeId = "ScopeId_" + GenerationContext.guid(ctx.random("scope"));
    }

    void generate() {
        softwareUpdates();
        updateGroups();
        configurationItems();
        baselines();
        drivers();
        applications();
        globalConditions();
        virtualEnvironments();
    }

    private int ci(int ciType, String modelName, boolean versioned, int version, boolean latest, String site, LocalDateTime created,
                   LocalDateTime modified, String displayName, String description, String contentSource) {
        int id = ctx.next("ci");
        ctx.loader.row(CIS).set("CI_ID", id).set("CI_UniqueID", versioned ? modelName + "/" + version : modelName).set("CIType_ID", ciType)
                .set("ModelName", modelName).set("CIVersion", version).set("SDMPackageVersion", version).set("IsLatest", latest ? 1 : 0)
                .set("IsEnabled", random.nextInt(20) == 0 ? 0 : 1).set("IsExpired", ciType == 1 && random.nextInt(20) == 0 ? 1 : 0)
                .set("IsHidden", 0).set("IsSuperseded", ciType == 1 && random.nextInt(7) == 0 ? 1 : 0).set("IsDeployed", random.nextInt(2))
                .set("IsUserDefined", ciType == 1 || ciType == 8 ? 0 : 1).set("IsBundle", ciType == 8 ? 1 : 0).set("SourceSite", site)
                .set("CreatedBy", ciType == 1 || ciType == 8 ? "SYSTEM" : ctx.domainNetbios() + "\\cmadmin")
                .set("DateCreated", created).set("LastModifiedBy", ciType == 1 || ciType == 8 ? "SYSTEM" : ctx.domainNetbios() + "\\cmadmin")
                .set("DateLastModified", modified).set("ContentSourcePath", contentSource)
                .set("SDMPackageDigest", "<DesiredConfigurationDigest><CI ModelName=\"" + modelName + "\" Version=\"" + version + "\"/></DesiredConfigurationDigest>")
                .end();
        ctx.loader.row(CI_LOCALIZED).set("CI_ID", id).set("LocaleID", 1033).set("DisplayName", displayName).set("Description", description).end();
        if (random.nextInt(10) == 0) {
            boolean german = random.nextBoolean();
            ctx.loader.row(CI_LOCALIZED).set("CI_ID", id).set("LocaleID", german ? 1031 : 1041)
                    .set("DisplayName", NameFactory.truncate((german ? "(DE) " : "(JA) ") + displayName, 256)).set("Description", null).end();
        }
        return id;
    }

    private String site() {
        return ctx.creatingSite(random);
    }

    private void softwareUpdates() {
        int count = ctx.count(ObjectType.SOFTWARE_UPDATE);
        for (int i = 0; i < count; i++) {
            boolean bundle = random.nextInt(20) == 0;
            int kb = 3000000 + i * 7 + random.nextInt(7);
            String title = (random.nextBoolean() ? "Security Update for " : "Update for ") + GenerationContext.pick(random, UPDATE_PRODUCTS)
                    + " (KB" + kb + ")";
            LocalDateTime posted = ctx.time(random);
            String guid = GenerationContext.guid(random).toLowerCase(java.util.Locale.ROOT);
            int id = ci(bundle ? 8 : 1, guid, false, 200 + random.nextInt(20), true, ctx.hierarchy.top().code(), posted,
                    ctx.after(posted, random, 90 * 24 * 3600), title, random.nextBoolean() ? null : "A security issue has been identified.", null);
            ctx.loader.row(UPDATE_INFO).set("CI_ID", id).set("ArticleID", String.valueOf(kb))
                    .set("BulletinID", random.nextInt(3) == 0 ? null : "MS" + (10 + random.nextInt(7)) + "-" + String.format("%03d", random.nextInt(150)))
                    .set("Severity", GenerationContext.pick(random, new Integer[] {0, 6, 8, 10})).set("DatePosted", posted).end();
            ctx.softwareUpdates.add(id);
        }
    }

    private void updateGroups() {
        int count = ctx.count(ObjectType.SOFTWARE_UPDATE_GROUP);
        for (int i = 0; i < count; i++) {
            String model = scopeId + "/AuthList_" + GenerationContext.guid(random);
            LocalDateTime created = ctx.time(random);
            String name = names.name((ctx.is2007() ? "Update list " : "Patch Tuesday ") + (2010 + i % 9) + "-" + (1 + i % 12) + " #" + i, 256);
            int id = ci(9, model, true, 1 + random.nextInt(5), true, site(), created, ctx.after(created, random, 60 * 24 * 3600), name,
                    random.nextBoolean() ? null : "Monthly security updates", null);
            if (!ctx.softwareUpdates.isEmpty()) {
                for (int u : sample(ctx.softwareUpdates, 1 + random.nextInt(Math.min(40, ctx.softwareUpdates.size())))) {
                    ctx.loader.row(CI_RELATIONS).set("FromCIID", id).set("ToCIID", u).set("RelationType", RELATION_UPDATE_GROUP_MEMBER).end();
                }
            }
            folders.assign(ObjectType.SOFTWARE_UPDATE_GROUP, model, random);
            ctx.updateGroups.add(new NamedKey(String.valueOf(id), name));
        }
    }

    private void configurationItems() {
        int count = ctx.count(ObjectType.CONFIGURATION_ITEM);
        for (int i = 0; i < count; i++) {
            String model = scopeId + "/OperatingSystem_" + GenerationContext.guid(random);
            LocalDateTime created = ctx.time(random);
            int id = ci(3, model, true, 1 + random.nextInt(6), true, site(), created, ctx.after(created, random, 100 * 24 * 3600),
                    names.name(GenerationContext.pick(random, CI_NAMES) + " " + i, 256), random.nextBoolean() ? null : "Compliance check", null);
            folders.assign(ObjectType.CONFIGURATION_ITEM, model, random);
            ctx.configurationItems.add(id);
        }
    }

    private void baselines() {
        int count = ctx.count(ObjectType.CONFIGURATION_BASELINE);
        for (int i = 0; i < count; i++) {
            String model = scopeId + "/Baseline_" + GenerationContext.guid(random);
            LocalDateTime created = ctx.time(random);
            String name = names.name("Baseline " + GenerationContext.pick(random, new String[] {"Security", "Workstation", "Server", "PCI", "Sicherheit"}) + " " + i, 256);
            int id = ci(2, model, true, 1 + random.nextInt(4), true, site(), created, ctx.after(created, random, 100 * 24 * 3600), name, null, null);
            Set<Integer> members = new LinkedHashSet<>();
            if (!ctx.configurationItems.isEmpty()) {
                members.addAll(sample(ctx.configurationItems, 1 + random.nextInt(Math.min(6, ctx.configurationItems.size()))));
            }
            if (!ctx.softwareUpdates.isEmpty() && random.nextInt(5) == 0) {
                members.addAll(sample(ctx.softwareUpdates, 1 + random.nextInt(Math.min(3, ctx.softwareUpdates.size()))));
            }
            for (int m : members) {
                ctx.loader.row(CI_RELATIONS).set("FromCIID", id).set("ToCIID", m).set("RelationType", RELATION_BASELINE_MEMBER).end();
            }
            folders.assign(ObjectType.CONFIGURATION_BASELINE, model, random);
            ctx.baselines.add(new NamedKey(String.valueOf(id), name));
        }
    }

    private void drivers() {
        int count = ctx.count(ObjectType.DRIVER);
        for (int i = 0; i < count; i++) {
            String[] d = GenerationContext.pick(random, DRIVERS_LIST);
            String model = scopeId + "/Driver_" + GenerationContext.guid(random);
            LocalDateTime created = ctx.time(random);
            String version = (10 + random.nextInt(12)) + "." + random.nextInt(20) + "." + random.nextInt(9999) + "." + random.nextInt(999);
            // Real driver catalogues are full of equal names with different versions.
            String name = random.nextInt(4) == 0 ? d[0] : names.name(d[0] + " " + version, 256);
            int id = ci(6, model, true, 1 + random.nextInt(3), true, site(), created, ctx.after(created, random, 30 * 24 * 3600), name, null,
                    "\\\\" + ctx.fileServer() + "\\OSD$\\DriverSources\\" + d[2].replace(".inf", "") + "\\" + version);
            ctx.loader.row(DRIVERS).set("CI_ID", id).set("DriverINFFile", d[2]).set("DriverClass", d[1]).set("DriverProvider", d[3])
                    .set("DriverVersion", version).set("DriverDate", created.minusDays(random.nextInt(300)))
                    .set("HardwareIDs", "PCI\\VEN_8086&DEV_" + String.format("%04X", random.nextInt(0xFFFF))).end();
            if (!ctx.driverPackages.isEmpty() && random.nextInt(20) != 0) {
                Set<String> pkgs = new LinkedHashSet<>();
                pkgs.add(GenerationContext.pick(random, ctx.driverPackages));
                if (random.nextInt(10) == 0) {
                    pkgs.add(GenerationContext.pick(random, ctx.driverPackages));
                }
                for (String p : pkgs) {
                    ctx.loader.row(DRIVER_CONTENT).set("PkgID", p).set("CI_ID", id).set("Content_ID", ctx.next("content")).end();
                }
            }
            folders.assign(ObjectType.DRIVER, model, random);
            ctx.drivers.add(id);
        }
        if (ctx.brokenReferences && count > 0 && !ctx.driverPackages.isEmpty()) {
            // A driver deleted from the catalogue while its content stays in a driver package.
            String pkg = ctx.driverPackages.get(ctx.driverPackages.size() - 1);
            int missing = 16777216 + 99_999_999;
            ctx.loader.row(DRIVER_CONTENT).set("PkgID", pkg).set("CI_ID", missing).set("Content_ID", ctx.next("content")).end();
            ctx.broken(ObjectType.DRIVER_PACKAGE, pkg, "driver", ObjectType.DRIVER, String.valueOf(missing));
        }
    }

    private void applications() {
        int count = ctx.count(ObjectType.APPLICATION);
        String[] technologies = {"MSI", "Script", "AppV5X", "Deeplink", "MSI"};
        for (int i = 0; i < count; i++) {
            String site = site();
            String model = scopeId + "/Application_" + GenerationContext.guid(random);
            String[] product = GenerationContext.pick(random, new String[][] {{"Microsoft", "Visio Viewer"}, {"Adobe", "Acrobat Reader DC"},
                    {"Google", "Chrome"}, {"Contoso", "Expense Tool"}, {"SAP", "Business Client"}, {"ジャストシステム", "一太郎"},
                    {"Müller GmbH", "Zeiterfassung"}});
            String name = names.name(product[1] + " " + (1 + i % 20) + "." + (i % 10), 256);
            LocalDateTime created = ctx.time(random);
            LocalDateTime modified = ctx.after(created, random, 200 * 24 * 3600);
            int revision = 1 + random.nextInt(8);
            if (revision > 1 && random.nextInt(10) == 0) {
                // An earlier revision of the same application (IsLatest = 0), as the revision history keeps it.
                int old = ci(10, model, true, revision - 1, false, site, created, created, name, null, null);
                ctx.loader.row(APPLICATIONS).set("CI_ID", old).set("Manufacturer", product[0]).set("SoftwareVersion", "1.0").set("AutoInstall", 0).end();
            }
            int id = ci(10, model, true, revision, true, site, created, modified, name,
                    random.nextBoolean() ? null : "Self-service application", null);
            ctx.loader.row(APPLICATIONS).set("CI_ID", id).set("Manufacturer", product[0]).set("SoftwareVersion", (1 + i % 20) + "." + (i % 10))
                    .set("AutoInstall", random.nextInt(2)).end();
            List<Integer> dts = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int d = 0; d < n; d++) {
                String tech = technologies[random.nextInt(technologies.length)];
                String dtModel = scopeId + "/DeploymentType_" + GenerationContext.guid(random);
                int dt = ci(21, dtModel, true, revision, true, site, created, modified,
                        NameFactory.truncate(name + " - " + (tech.equals("MSI") ? "Windows Installer (*.msi file)" : tech), 256), null,
                        "\\\\" + ctx.fileServer() + "\\Sources$\\Apps\\" + product[1]);
                ctx.loader.row(DEPLOYMENT_TYPES).set("CI_ID", dt).set("AppCI_ID", id).set("Technology", tech)
                        .set("ContentId", "Content_" + GenerationContext.guid(random)).set("PriorityInLatestApp", d + 1)
                        .set("InstallCommandLine", tech.equals("MSI") ? "msiexec /i setup.msi /qn" : "install.cmd").end();
                dts.add(dt);
            }
            if (!ctx.applications.isEmpty()) {
                if (random.nextInt(10) == 0) {
                    appRelation(id, dts.get(0), GenerationContext.pick(random, ctx.applications), "Dependency");
                }
                if (random.nextInt(20) == 0) {
                    appRelation(id, dts.get(0), GenerationContext.pick(random, ctx.applications), "Supersedence");
                }
            }
            folders.assign(ObjectType.APPLICATION, model, random);
            ctx.applications.add(new AppInfo(id, name, dts));
        }
    }

    private void appRelation(int fromApp, int fromDt, AppInfo to, String type) {
        ctx.loader.row(APP_RELATIONS).set("FromApplicationCIID", fromApp).set("ToApplicationCIID", to.ciId())
                .set("FromDeploymentTypeCIID", fromDt).set("ToDeploymentTypeCIID", to.deploymentTypes().get(0)).set("RelationType", type).end();
    }

    private void globalConditions() {
        if (ctx.count(ObjectType.APPLICATION) == 0) {
            return;
        }
        int count = 3 + ctx.count(ObjectType.APPLICATION) / 50;
        String[] names = {"Department", "Primary device", "Free disk space C:", "Abteilung", "OS language"};
        for (int i = 0; i < count; i++) {
            LocalDateTime created = ctx.time(random);
            ctx.loader.row(GLOBAL_CONDITIONS).set("CI_ID", ctx.next("ci")).set("ModelName", scopeId + "/GlobalCondition_" + GenerationContext.guid(random))
                    .set("Name", names[i % names.length] + (i < names.length ? "" : " " + i)).set("Description", null)
                    .set("DataType", i % 3 == 2 ? "Integer" : "String")
                    .set("ConditionExpression", "<Rule><Expression><Operator>Equals</Operator><Value>" + i + "</Value></Expression></Rule>")
                    .set("IsUserDefined", 1).set("CreatedBy", ctx.domainNetbios() + "\\cmadmin").set("DateCreated", created)
                    .set("DateLastModified", created).end();
        }
    }

    private void virtualEnvironments() {
        int count = ctx.count(ObjectType.APPV_VIRTUAL_ENVIRONMENT);
        for (int i = 0; i < count; i++) {
            int id = ctx.next("virtualEnvironment");
            LocalDateTime created = ctx.time(random);
            ctx.loader.row(VIRTUAL_ENVIRONMENTS).set("VirtualEnvironmentID", id)
                    .set("Name", names.name("Virtual environment " + GenerationContext.pick(random, new String[] {"Office + Visio", "SAP", "Büro"}) + " " + i, 256))
                    .set("Description", random.nextBoolean() ? null : "Connection group").set("CIVersion", 1 + random.nextInt(3))
                    .set("CreatedBy", ctx.domainNetbios() + "\\cmadmin").set("DateCreated", created)
                    .set("LastModifiedBy", ctx.domainNetbios() + "\\cmadmin").set("DateLastModified", ctx.after(created, random, 50 * 24 * 3600)).end();
            folders.assign(ObjectType.APPV_VIRTUAL_ENVIRONMENT, String.valueOf(id), random);
        }
    }

    private List<Integer> sample(List<Integer> from, int n) {
        Set<Integer> picked = new LinkedHashSet<>();
        for (int i = 0; i < n * 2 && picked.size() < n; i++) {
            picked.add(from.get(random.nextInt(from.size())));
        }
        return new ArrayList<>(picked);
    }
}
