package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SYSTEM_ASSIGNED_SITES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SYSTEM_DISC;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.SiteDefinition;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Client records (v_R_System) and their assigned sites. The requested count is the number of active, non-obsolete
 * clients (what the catalogue's CLIENT query returns); about one in twelve extra records are discovered-only machines
 * (Client0 = 0) or obsolete duplicates of an active client's name, as every real site has them. User resources exist
 * only as IDs and names (for user collection rules and memberships).
 */
final class ClientGenerator {

    private static final String[] OS_2007 = {"Microsoft Windows NT Workstation 5.1", "Microsoft Windows NT Workstation 6.1",
            "Microsoft Windows NT Server 5.2", "Microsoft Windows NT Server 6.0"};
    private static final String[] OS_2012 = {"Microsoft Windows NT Workstation 6.1", "Microsoft Windows NT Workstation 10.0",
            "Microsoft Windows NT Server 6.3", "Microsoft Windows NT Server 10.0"};

    private final GenerationContext ctx;
    private final Random random;

    ClientGenerator(GenerationContext ctx) {
        this.ctx = ctx;
        this.random = ctx.random("clients");
    }

    void generate() {
        int count = ctx.count(ObjectType.CLIENT);
        List<SiteDefinition> sites = ctx.hierarchy.clientSites(ctx.dbSite);
        String[] os = ctx.is2007() ? OS_2007 : OS_2012;
        String clientVersion = clientVersion(ctx.hierarchy.version());
        for (int i = 0; i < count; i++) {
            String site = sites.get(i % sites.size()).code();
            String osName = GenerationContext.pick(random, os);
            String prefix = osName.contains("Server") ? "SRV" : random.nextInt(3) == 0 ? "LT" : "WKS";
            String name = prefix + site + String.format(Locale.ROOT, "%05d", i);
            record(name, osName, 1, clientVersion, 0, site);
        }
        int extras = count == 0 ? 0 : Math.max(2, count / 12);
        for (int i = 0; i < extras; i++) {
            String site = sites.get(i % sites.size()).code();
            if (i % 2 == 0) {
                // Discovered by AD system discovery, no client installed.
                record("NOCLIENT" + String.format(Locale.ROOT, "%04d", i), GenerationContext.pick(random, os), 0, null, 0, null);
            } else {
                // An old record of a reinstalled machine: same name as an active client, different GUID, obsolete.
                int active = GenerationContext.pick(random, ctx.clientIds);
                record(ctx.clientNames.get(active), GenerationContext.pick(random, os), 1, clientVersion, 1, site);
            }
        }
        int users = Math.max(4, count / 10);
        for (int i = 0; i < users; i++) {
            int id = 2063597567 + ctx.next("user");
            ctx.userIds.add(id);
            ctx.userNames.put(id, ctx.domainNetbios() + "\\user" + String.format(Locale.ROOT, "%05d", i));
        }
    }

    private void record(String name, String osName, int client, String version, int obsolete, String site) {
        int id = ctx.next("resource");
        LocalDateTime created = ctx.time(random);
        String domain = random.nextInt(50) == 0 ? "WORKGROUP" : ctx.domainNetbios();
        ctx.loader.row(SYSTEM_DISC).set("ResourceID", id).set("ResourceType", 5).set("Name0", name).set("Netbios_Name0", name)
                .set("SMS_Unique_Identifier0", client == 1 ? "GUID:" + GenerationContext.guid(random) : null)
                .set("Resource_Domain_OR_Workgr0", domain).set("Client0", client).set("Client_Version0", version)
                .set("Obsolete0", obsolete).set("Active0", obsolete == 1 ? 0 : client).set("Decommissioned0", obsolete == 1 && random.nextBoolean() ? 1 : 0)
                .set("Operating_System_Name_and0", osName).set("Creation_Date0", created)
                .set("AD_Site_Name0", random.nextInt(10) == 0 ? null : GenerationContext.pick(random, new String[] {"Default-First-Site-Name",
                        "HQ-München", "Tokyo-東京", "Branch-Office"}))
                .set("Is_Virtual_Machine0", random.nextInt(4) == 0 ? 1 : 0).end();
        // A few installed clients never got a site assignment (no row in the assigned-sites view).
        if (site != null && random.nextInt(100) != 0) {
            ctx.loader.row(SYSTEM_ASSIGNED_SITES).set("ResourceID", id).set("SMS_Assigned_Sites0", site).end();
        }
        if (client == 1 && obsolete == 0) {
            ctx.clientIds.add(id);
            ctx.clientNames.put(id, name);
            ctx.clientSite.put(id, site);
        } else {
            ctx.clientNames.put(id, name);
        }
    }

    static String clientVersion(SourceVersion v) {
        return switch (v) {
            case CM2007_SP1 -> "4.00.6221.1000";
            case CM2007_SP2 -> "4.00.6487.2000";
            case CM2012_RTM -> "5.00.7711.0000";
            case CM2012_SP1 -> "5.00.7804.1000";
            case CM2012_R2 -> "5.00.7958.1000";
            case CM2012_SP2, CM2012_R2_SP1 -> "5.00.8239.1000";
            case CURRENT_BRANCH -> "5.00.9128.1007";
        };
    }
}
