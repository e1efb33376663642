package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.BOOT_IMAGES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.IMAGE_PACKAGES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.PACKAGES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.PKG_SERVERS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.PROGRAMS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.TASK_SEQUENCES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.TS_REFERENCES;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.simulator.generate.GenerationContext.DpInfo;
import io.cmmigration.simulator.generate.GenerationContext.NamedKey;
import io.cmmigration.simulator.generate.GenerationContext.PackageInfo;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Packages of every PackageType with programs, content on distribution points (some DPs hold an older SourceVersion,
 * some are retrying), boot images, OS images and installers, driver packages, update packages, App-V packages and task
 * sequences with their references. Package sources are mostly UNC paths, some local paths, some absent.
 */
final class ContentGenerator {

    /** Program flags used (SMS_Program.ProgramFlags). */
    static final int DISABLED = 0x00001000;
    static final int UNATTENDED = 0x00002000;
    static final int USERCONTEXT = 0x00004000;
    static final int ANY_PLATFORM = 0x08000000;

    private static final String[][] PRODUCTS = {{"Microsoft", "Office Professional Plus", "2013"}, {"Adobe", "Reader DC", "15.010"},
            {"Oracle", "Java Runtime", "8u121"}, {"7-Zip", "7-Zip", "16.04"}, {"Mozilla", "Firefox ESR", "52.0"}, {"Notepad++", "Notepad++", "7.3"},
            {"SAP", "GUI für Windows", "7.40"}, {"Cisco", "AnyConnect", "4.3"}, {"富士通", "帳票ツール", "2.1"}, {"Contoso", "LOB App", "1.0"},
            {"VMware", "Tools", "10.1"}, {"Citrix", "Receiver", "4.6"}};

    private final GenerationContext ctx;
    private final FolderPlan folders;
    private final Random random;
    private final NameFactory names;

    ContentGenerator(GenerationContext ctx, FolderPlan folders) {
        this.ctx = ctx;
        this.folders = folders;
        this.random = ctx.random("content");
        this.names = new NameFactory(ctx.random("package-names"));
    }

    void generate() {
        regularPackages();
        appvPackages();
        simplePackages(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_PACKAGE, 5, "Updates", ctx.updatePackages);
        bootImages();
        images(ObjectType.OS_IMAGE, 257, ctx.osImages);
        images(ObjectType.OS_INSTALL_PACKAGE, 259, ctx.osInstallers);
        simplePackages(ObjectType.DRIVER_PACKAGE, 3, "Drivers", ctx.driverPackages);
    }

    /** Task sequences come after the CI generator so they may reference everything. */
    void taskSequences() {
        int count = ctx.count(ObjectType.TASK_SEQUENCE);
        List<PackageInfo> regular = ctx.packages;
        for (int i = 0; i < count; i++) {
            String site = ctx.creatingSite(random);
            boolean osd = !ctx.bootImages.isEmpty() && random.nextInt(100) < 85;
            String bootImage = osd ? GenerationContext.pick(random, ctx.bootImages) : null;
            String name = names.name((osd ? "Deploy " + GenerationContext.pick(random, new String[] {"Windows 10 1607", "Windows 7 SP1",
                    "Windows Server 2016", "Windows 10 Enterprise LTSB"}) : "Install software bundle") + " " + i, 50);
            String id = pkg(ObjectType.TASK_SEQUENCE, 4, site, name, null, "Microsoft", "");
            if (ctx.brokenReferences && i == count - 1 && osd) {
                // The boot image this task sequence uses was deleted.
                bootImage = site + "FFFF1";
                ctx.broken(ObjectType.TASK_SEQUENCE, id, "bootImage", ObjectType.BOOT_IMAGE, bootImage);
            }
            Set<String> refs = new LinkedHashSet<>();
            if (bootImage != null && ctx.bootImages.contains(bootImage)) {
                refs.add(bootImage);
            }
            if (!regular.isEmpty()) {
                if (osd) {
                    refs.add(regular.get(0).id()); // the client installation package every OSD task sequence installs
                }
                for (int k = random.nextInt(4); k > 0; k--) {
                    refs.add(GenerationContext.pick(random, regular).id());
                }
            }
            if (osd && !ctx.driverPackages.isEmpty()) {
                for (int k = random.nextInt(3); k > 0; k--) {
                    refs.add(GenerationContext.pick(random, ctx.driverPackages));
                }
            }
            if (osd) {
                if (!ctx.osImages.isEmpty() && (ctx.osInstallers.isEmpty() || random.nextInt(4) != 0)) {
                    refs.add(GenerationContext.pick(random, ctx.osImages));
                } else if (!ctx.osInstallers.isEmpty()) {
                    refs.add(GenerationContext.pick(random, ctx.osInstallers));
                }
            }
            for (String ref : refs) {
                ctx.loader.row(TS_REFERENCES).set("PackageID", id).set("RefPackageID", ref).end();
            }
            ctx.loader.row(TASK_SEQUENCES).set("PackageID", id).set("BootImageID", bootImage).set("TS_Type", osd ? 2 : 1)
                    .set("TS_Flags", random.nextInt(4)).set("Category", random.nextInt(3) == 0 ? null : "Deployment")
                    .set("Sequence", "<sequence version=\"3.00\"><step type=\"SMS_TaskSequence_ApplyOperatingSystemAction\" name=\"Apply Operating System\"/>"
                            + "<step type=\"SMS_TaskSequence_InstallSoftwareAction\" name=\"Install " + refs.size() + " packages\"/></sequence>").end();
            ctx.taskSequences.add(new NamedKey(id, name));
        }
    }

    private void regularPackages() {
        int count = ctx.count(ObjectType.PACKAGE);
        for (int i = 0; i < count; i++) {
            String site = i == 0 ? ctx.hierarchy.creatingSites(ctx.dbSite).get(0).code() : ctx.creatingSite(random);
            String[] product = GenerationContext.pick(random, PRODUCTS);
            String name = i == 0 ? "Configuration Manager Client Package" : names.name(product[1] + " " + product[2] + " " + i, 50);
            String source = i == 0 ? "\\\\" + ctx.hierarchy.top().serverName() + "\\SMS_" + ctx.hierarchy.top().code() + "\\Client"
                    : sourcePath("Apps\\" + product[0] + "\\" + product[1] + "\\" + product[2]);
            String id = pkg(ObjectType.PACKAGE, 0, site, name, source, product[0], product[2]);
            List<String> programs = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            String[] programNames = {"Install", "Uninstall", "Per-user install", "Installation (still)", "インストール"};
            for (int p = 0; p < n; p++) {
                String programName = programNames[p == 0 ? 0 : 1 + random.nextInt(programNames.length - 1)];
                if (programs.contains(programName)) {
                    continue;
                }
                int flags = UNATTENDED | (random.nextBoolean() ? ANY_PLATFORM : 0) | (random.nextInt(5) == 0 ? USERCONTEXT : 0)
                        | (random.nextInt(20) == 0 ? DISABLED : 0);
                String dependent = null;
                if (p == 0 && ctx.packages.size() > 1 && random.nextInt(10) == 0) {
                    PackageInfo dep = GenerationContext.pick(random, ctx.packages.subList(1, ctx.packages.size()));
                    dependent = dep.id() + ";;" + dep.programs().get(0);
                }
                if (ctx.brokenReferences && i == count - 1 && p == 0) {
                    dependent = site + "FFFF2;;Install";
                    ctx.broken(ObjectType.PACKAGE, id, "dependentProgram", ObjectType.PACKAGE, site + "FFFF2");
                }
                ctx.loader.row(PROGRAMS).set("PackageID", id).set("ProgramName", programName)
                        .set("CommandLine", programName.startsWith("Uninstall") ? "msiexec /x {" + GenerationContext.guid(random) + "} /qn"
                                : random.nextBoolean() ? "setup.exe /s /norestart" : "msiexec /i \"" + product[1] + ".msi\" /qn")
                        .set("WorkingDirectory", random.nextInt(4) == 0 ? "%TEMP%" : null)
                        .set("Comment", random.nextInt(3) == 0 ? null : "Program " + programName)
                        .set("ProgramFlags", flags).set("Duration", 15 * (1 + random.nextInt(8)))
                        .set("DiskSpaceRequired", random.nextInt(3) == 0 ? null : (50 + random.nextInt(500)) + " MB")
                        .set("Requirements", random.nextInt(3) == 0 ? null : "<Requirements><Platform>x64</Platform></Requirements>")
                        .set("DependentProgram", dependent).set("DriveLetter", random.nextInt(10) == 0 ? "Z:" : null).end();
                programs.add(programName);
            }
            ctx.packages.add(new PackageInfo(id, name, programs, 0));
        }
        if (ctx.brokenReferences && count > 0 && !ctx.distributionPoints.isEmpty()) {
            // Content of a package deleted in the source is still listed on a DP.
            String missing = ctx.hierarchy.creatingSites(ctx.dbSite).get(0).code() + "FFFF3";
            DpInfo dp = ctx.distributionPoints.get(0);
            ctx.loader.row(PKG_SERVERS).set("PackageID", missing).set("ServerNALPath", dp.nalPath()).set("SiteCode", dp.siteCode())
                    .set("SourceVersion", 1).set("LastRefreshTime", ctx.baseTime.minusYears(3)).set("State", 3)
                    .set("InstallStatus", "Package removal failed").set("LastCopied", ctx.baseTime.minusYears(3)).end();
            ctx.broken(null, dp.nalPath(), "packageOnDistributionPoint", ObjectType.PACKAGE, missing);
        }
    }

    private void appvPackages() {
        int count = ctx.count(ObjectType.VIRTUAL_APPLICATION_PACKAGE);
        for (int i = 0; i < count; i++) {
            String site = ctx.creatingSite(random);
            String[] product = GenerationContext.pick(random, PRODUCTS);
            String name = names.name("App-V " + product[1] + " " + i, 50);
            String id = pkg(ObjectType.VIRTUAL_APPLICATION_PACKAGE, 7, site, name, sourcePath("AppV\\" + product[1]), product[0], product[2]);
            ctx.loader.row(PROGRAMS).set("PackageID", id).set("ProgramName", "[Virtual application]").set("CommandLine", product[1] + ".osd")
                    .set("ProgramFlags", UNATTENDED | ANY_PLATFORM).set("Duration", 120).end();
            ctx.appvPackages.add(new PackageInfo(id, name, List.of("[Virtual application]"), 7));
        }
    }

    private void simplePackages(ObjectType type, int packageType, String label, List<String> into) {
        int count = ctx.count(type);
        for (int i = 0; i < count; i++) {
            String site = ctx.creatingSite(random);
            String model = GenerationContext.pick(random, new String[] {"Latitude E7470", "EliteBook 840 G3", "ThinkPad T460", "Surface Pro 4",
                    "OptiPlex 7040", "ProLiant DL380 Gen9"});
            String name = packageType == 3 ? names.name("Drivers " + model + " Win10 " + i, 50)
                    : names.name(label + " " + (2010 + i % 9) + "-" + String.format(Locale.ROOT, "%02d", 1 + i % 12) + " " + i, 50);
            into.add(pkg(type, packageType, site, name, "\\\\" + ctx.fileServer() + "\\OSD$\\" + label + "\\" + name.hashCode(), "Microsoft", ""));
        }
    }

    private void bootImages() {
        int count = ctx.count(ObjectType.BOOT_IMAGE);
        for (int i = 0; i < count; i++) {
            String site = ctx.creatingSite(random);
            boolean x64 = i % 2 == 0;
            String name = i < 2 ? "Boot image (" + (x64 ? "x64" : "x86") + ")" : names.name("Custom boot image " + i + (x64 ? " x64" : " x86"), 50);
            String id = pkg(ObjectType.BOOT_IMAGE, 258, site, name, "\\\\" + ctx.hierarchy.top().serverName() + "\\SMS_"
                    + ctx.hierarchy.top().code() + "\\osd\\boot\\" + (x64 ? "x64" : "i386") + "\\boot.wim", "Microsoft", "10.0.14393.0");
            ctx.loader.row(BOOT_IMAGES).set("PackageID", id).set("Architecture", x64 ? 9 : 0).set("ImageIndex", 1)
                    .set("ImageOSVersion", ctx.is2007() ? "6.0.6001.18000" : "10.0.14393.0").set("EnableLabShell", random.nextInt(2)).end();
            ctx.bootImages.add(id);
        }
    }

    private void images(ObjectType type, int packageType, List<String> into) {
        int count = ctx.count(type);
        for (int i = 0; i < count; i++) {
            String site = ctx.creatingSite(random);
            String os = GenerationContext.pick(random, new String[] {"Windows 10 Enterprise 1607", "Windows 7 Enterprise SP1",
                    "Windows Server 2016 Standard", "Windows 8.1 Pro"});
            String name = names.name(os + (packageType == 257 ? " image " : " installer ") + i, 50);
            String folder = "\\\\" + ctx.fileServer() + "\\OSD$\\" + (packageType == 257 ? "Images\\" : "Sources\\") + os.replace(' ', '_') + "_" + i;
            // One installer wrongly points to the WIM file instead of its folder (spec §3.9: must be the folder).
            String source = packageType == 257 ? folder + "\\install.wim" : i == 1 ? folder + "\\sources\\install.wim" : folder;
            String id = pkg(type, packageType, site, name, source, "Microsoft", os.replaceAll("[^0-9.]", ""));
            if (packageType == 257) {
                ctx.loader.row(IMAGE_PACKAGES).set("PackageID", id).set("ImageOSVersion", os.contains("10") ? "10.0.14393.0" : "6.1.7601.17514")
                        .set("Architecture", random.nextBoolean() ? 9 : 0).set("ImageCount", 1 + random.nextInt(3)).end();
            }
            into.add(id);
        }
    }

    private String sourcePath(String relative) {
        int r = random.nextInt(100);
        if (r < 8) {
            return null;
        }
        if (r < 18) {
            return "D:\\Sources\\" + relative;
        }
        return "\\\\" + ctx.fileServer() + "\\Sources$\\" + relative;
    }

    /** Writes the SMSPackages row, folder membership and content on DPs; returns the new PackageID. */
    private String pkg(ObjectType type, int packageType, String site, String name, String source, String manufacturer, String version) {
        String id = ctx.nextObjectId(site);
        LocalDateTime created = ctx.time(random);
        LocalDateTime refreshed = ctx.after(created, random, 200 * 24 * 3600);
        int sourceVersion = 1 + random.nextInt(12);
        int sourceFlag = source == null ? 1 : random.nextInt(4) == 0 ? 3 : 2;
        ctx.loader.row(PACKAGES).set("PackageID", id).set("Name", name).set("Version", version.isEmpty() ? null : version)
                .set("Language", random.nextInt(4) == 0 ? GenerationContext.pick(random, new String[] {"Deutsch", "日本語", "English"}) : null)
                .set("Manufacturer", NameFactory.truncate(manufacturer, 32)).set("Description", random.nextInt(2) == 0 ? null : names.name("Package of " + name, 128))
                .set("PkgSourcePath", source).set("PkgSourceFlag", sourceFlag).set("SourceSite", site)
                .set("StoredPkgPath", sourceFlag == 3 ? "\\\\" + ctx.hierarchy.site(site).serverName() + "\\SMSPKGC$\\" + id + ".PCK" : null)
                .set("SourceVersion", sourceVersion).set("SourceDate", created).set("LastRefreshTime", refreshed).set("PackageType", packageType)
                .set("ShareName", random.nextInt(20) == 0 ? "Share_" + id : null).set("ShareType", 1).set("Priority", 1 + random.nextInt(3))
                .set("PkgFlags", random.nextInt(4) == 0 ? 0x01000000 : 0).set("SourceSize", 100 + random.nextInt(2_000_000)).end();
        folders.assign(type, id, random);
        content(id, sourceVersion, refreshed);
        return id;
    }

    private void content(String id, int sourceVersion, LocalDateTime refreshed) {
        List<DpInfo> dps = ctx.distributionPoints;
        if (dps.isEmpty() || random.nextInt(20) == 0) {
            return; // never distributed
        }
        int k = 1 + random.nextInt(Math.min(5, dps.size()));
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int i = 0; i < k * 2 && chosen.size() < k; i++) {
            chosen.add(random.nextInt(dps.size()));
        }
        for (int index : chosen) {
            DpInfo dp = dps.get(index);
            boolean older = sourceVersion > 1 && random.nextInt(20) == 0;
            boolean retrying = random.nextInt(30) == 0;
            LocalDateTime at = older ? refreshed.minusDays(10 + random.nextInt(100)) : refreshed;
            ctx.loader.row(PKG_SERVERS).set("PackageID", id).set("ServerNALPath", dp.nalPath()).set("SiteCode", dp.siteCode())
                    .set("SourceVersion", older ? sourceVersion - 1 : sourceVersion).set("LastRefreshTime", at)
                    .set("State", retrying ? 2 : 0).set("InstallStatus", retrying ? "Retrying package installation" : "Package Installation complete")
                    .set("LastCopied", at).end();
        }
    }
}
