package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.AI_CATEGORIES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.AI_HARDWARE;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.AI_SOFTWARE_LIST;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.METERING_RULES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SAVED_SEARCHES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.TEMPLATES;

import io.cmmigration.events.catalogue.ObjectType;

import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Random;

/** Asset Intelligence customisations, software metering rules, update deployment templates and saved searches. */
final class SettingsGenerator {

    private final GenerationContext ctx;
    private final Random random;
    private final NameFactory names;

    SettingsGenerator(GenerationContext ctx) {
        this.ctx = ctx;
        this.random = ctx.random("settings");
        this.names = new NameFactory(ctx.random("settings-names"));
    }

    void generate() {
        for (int i = 0; i < ctx.count(ObjectType.AI_CATALOG_CATEGORY); i++) {
            int id = ctx.next("aiCategory");
            ctx.loader.row(AI_CATEGORIES).set("CategoryID", id)
                    .set("CategoryName", names.name(GenerationContext.pick(random, new String[] {"Line of business", "Engineering", "Fachanwendungen", "社内ツール"}) + " " + i, 255))
                    .set("Description", random.nextBoolean() ? null : "Custom category").set("IsEditable", 1).set("LastUpdated", ctx.time(random)).end();
            ctx.aiCategories.add(id);
        }
        for (int i = 0; i < ctx.count(ObjectType.AI_SOFTWARE_LIST); i++) {
            String product = GenerationContext.pick(random, new String[] {"Contoso Expense", "Fabrikam CAD", "Zeiterfassung", "Payroll Client"});
            ctx.loader.row(AI_SOFTWARE_LIST).set("SoftwareID", ctx.next("aiSoftware")).set("ProductName", names.name(product + " " + i, 255))
                    .set("CommonName", product).set("Publisher", random.nextBoolean() ? "Contoso Ltd." : null)
                    .set("CategoryID", ctx.aiCategories.isEmpty() ? null : GenerationContext.pick(random, ctx.aiCategories))
                    .set("FamilyID", 1 + random.nextInt(20)).set("IsEditable", 1).set("LastUpdated", ctx.time(random)).end();
        }
        for (int i = 0; i < ctx.count(ObjectType.AI_HARDWARE_REQUIREMENT); i++) {
            ctx.loader.row(AI_HARDWARE).set("HardwareRequirementID", ctx.next("aiHardware"))
                    .set("SoftwareTitle", names.name(GenerationContext.pick(random, new String[] {"Windows 10", "Office 2016", "AutoCAD 2017"}) + " " + i, 255))
                    .set("MinCPU", 1000 + 200 * random.nextInt(10)).set("MinRAM", 1024 * (1 + random.nextInt(8)))
                    .set("MinDiskSpace", 1024 * (1 + random.nextInt(40))).set("MinDiskSize", 1024 * (20 + random.nextInt(200)))
                    .set("LastUpdated", ctx.time(random)).end();
        }
        for (int i = 0; i < ctx.count(ObjectType.SOFTWARE_METERING_RULE); i++) {
            String site = ctx.creatingSite(random);
            String[] exe = GenerationContext.pick(random, new String[][] {{"Microsoft Visio", "VISIO.EXE"}, {"Microsoft Project", "WINPROJ.EXE"},
                    {"Adobe Acrobat", "Acrobat.exe"}, {"AutoCAD", "acad.exe"}});
            ctx.loader.row(METERING_RULES).set("RuleID", ctx.next("meteringRule")).set("SecurityKey", ctx.nextObjectId(site))
                    .set("ProductName", names.name(exe[0] + " " + i, 255)).set("FileName", exe[1]).set("OriginalFileName", exe[1].toLowerCase(Locale.ROOT))
                    .set("FileVersion", random.nextBoolean() ? "*" : (14 + random.nextInt(3)) + ".*").set("LanguageID", random.nextBoolean() ? 65535 : 1033)
                    .set("SiteCode", site).set("ApplyToChildSites", random.nextInt(2)).set("Enabled", random.nextInt(8) == 0 ? 0 : 1)
                    .set("Comment", random.nextBoolean() ? null : "License tracking").set("LastUpdateTime", ctx.time(random)).end();
        }
        for (int i = 0; i < ctx.count(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE); i++) {
            LocalDateTime created = ctx.time(random);
            String duration = ctx.is2007() ? "<Duration>" + (1 + random.nextInt(4)) + "</Duration><DurationUnits>Weeks</DurationUnits>" : "";
            ctx.loader.row(TEMPLATES).set("TemplateID", ctx.next("template"))
                    .set("Name", names.name(GenerationContext.pick(random, new String[] {"Workstations", "Servers", "Pilot", "Kritische Server"}) + " template " + i, 255))
                    .set("Description", random.nextBoolean() ? null : "Deployment defaults")
                    .set("Data", "<TemplateDescription><CollectionId/><SuppressReboot>" + random.nextInt(2) + "</SuppressReboot>" + duration
                            + "<AllowRestart>" + random.nextBoolean() + "</AllowRestart></TemplateDescription>")
                    .set("CreatedBy", ctx.domainNetbios() + "\\cmadmin").set("DateCreated", created).set("DateLastModified", ctx.after(created, random, 9_000_000))
                    .set("SourceSite", ctx.creatingSite(random)).end();
        }
        for (int i = 0; i < ctx.count(ObjectType.SAVED_SEARCH); i++) {
            LocalDateTime created = ctx.time(random);
            String target = GenerationContext.pick(random, new String[] {"SMS_Package", "SMS_ApplicationLatest", "SMS_Collection", "SMS_TaskSequencePackage"});
            ctx.loader.row(SAVED_SEARCHES).set("SearchID", ctx.next("savedSearch"))
                    .set("Name", names.name("Search " + target.substring(4) + " " + i, 255)).set("TargetClassName", target)
                    .set("SearchString", "<SearchCriteria><Property>Name</Property><Operator>Contains</Operator><Value>" + i + "</Value></SearchCriteria>")
                    .set("CreatedBy", ctx.domainNetbios() + "\\cmadmin").set("DateCreated", created).set("DateLastModified", ctx.after(created, random, 9_000_000))
                    .set("SourceSite", ctx.creatingSite(random)).end();
        }
    }
}
