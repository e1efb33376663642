package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.BOUNDARIES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.BOUNDARY_GROUPS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.BOUNDARY_GROUP_MEMBERS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.BOUNDARY_GROUP_SITE_SYSTEMS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.PROTECTED_SITE_SYSTEMS;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.simulator.SiteDefinition;
import io.cmmigration.simulator.generate.GenerationContext.DpInfo;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Boundaries of the four types. 2012+: boundaries belong to boundary groups whose site systems are DPs (v_BoundarySiteSystems
 * joins the two). 2007: boundaries belong to a site, and each protected DP lists its protected boundaries.
 */
final class BoundaryGenerator {

    private final GenerationContext ctx;
    private final Random random;

    BoundaryGenerator(GenerationContext ctx) {
        this.ctx = ctx;
        this.random = ctx.random("boundaries");
    }

    private record Boundary(int id, String siteCode) {
    }

    void generate() {
        int count = ctx.count(ObjectType.BOUNDARY);
        List<SiteDefinition> sites = ctx.hierarchy.distributionPointSites(ctx.dbSite);
        List<Boundary> boundaries = new ArrayList<>();
        if (ctx.is2007()) {
            for (int i = 0; i < count; i++) {
                boundaries.add(boundary(i, GenerationContext.pick(random, sites).code()));
            }
            for (DpInfo dp : ctx.distributionPoints) {
                if (!dp.protectedDp() || boundaries.isEmpty()) {
                    continue;
                }
                List<Boundary> own = boundaries.stream().filter(b -> b.siteCode.equals(dp.siteCode())).toList();
                List<Boundary> pool = own.isEmpty() ? boundaries : own;
                Set<Boundary> chosen = new LinkedHashSet<>();
                for (int k = 0; k < 3; k++) {
                    chosen.add(GenerationContext.pick(random, pool));
                }
                for (Boundary b : chosen) {
                    ctx.loader.row(PROTECTED_SITE_SYSTEMS).set("BoundaryID", b.id).set("ServerNALPath", dp.nalPath())
                            .set("SiteSystemName", dp.serverName()).set("SiteCode", dp.siteCode()).set("Flags", random.nextInt(2)).end();
                }
            }
            return;
        }
        List<SiteDefinition> primaries = ctx.hierarchy.clientSites(ctx.dbSite);
        int groups = count == 0 ? 0 : Math.max(2, count / 10);
        List<Integer> groupIds = new ArrayList<>();
        List<String> groupSites = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int id = ctx.next("boundaryGroup");
            String site = primaries.get(g % primaries.size()).code();
            LocalDateTime created = ctx.time(random);
            ctx.loader.row(BOUNDARY_GROUPS).set("GroupID", id).set("Name", "BG " + GenerationContext.pick(random, new String[] {"HQ", "Branch", "München", "東京", "VPN"}) + " " + g)
                    .set("Description", random.nextBoolean() ? null : "Content location and site assignment").set("DefaultSiteCode", site)
                    .set("CreatedOn", created).set("ModifiedOn", created).end();
            Set<DpInfo> systems = new LinkedHashSet<>();
            for (int k = 0; k < 1 + random.nextInt(3) && !ctx.distributionPoints.isEmpty(); k++) {
                systems.add(GenerationContext.pick(random, ctx.distributionPoints));
            }
            for (DpInfo dp : systems) {
                ctx.loader.row(BOUNDARY_GROUP_SITE_SYSTEMS).set("GroupID", id).set("ServerNALPath", dp.nalPath()).set("SiteSystemName", dp.serverName())
                        .set("SiteCode", dp.siteCode()).set("Flags", random.nextInt(4) == 0 ? 1 : 0).end();
            }
            groupIds.add(id);
            groupSites.add(site);
        }
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            int g = random.nextInt(groups);
            Boundary b = boundary(i, roll < 5 ? null : groupSites.get(g));
            if (roll >= 5) {
                ctx.loader.row(BOUNDARY_GROUP_MEMBERS).set("GroupID", groupIds.get(g)).set("BoundaryID", b.id).end();
                if (roll >= 95 && groups > 1) {
                    ctx.loader.row(BOUNDARY_GROUP_MEMBERS).set("GroupID", groupIds.get((g + 1) % groups)).set("BoundaryID", b.id).end();
                }
            }
        }
    }

    private Boundary boundary(int i, String siteCode) {
        int type = random.nextInt(4);
        String value = switch (type) {
            case 0 -> "10." + (i / 256 % 256) + "." + (i % 256) + ".0";
            case 1 -> GenerationContext.pick(random, new String[] {"Default-First-Site-Name", "HQ-München", "Tokyo-東京", "Branch-Office"}) + "-" + i;
            case 2 -> "2001:db8:" + Integer.toHexString(i) + "::";
            default -> "172.16." + (i % 256) + ".1-172.16." + (i % 256) + ".254";
        };
        int id = ctx.next("boundary");
        LocalDateTime created = ctx.time(random);
        String name = random.nextInt(10) == 0 ? null : GenerationContext.pick(random, new String[] {"Office ", "Branch ", "Standort ", "拠点 "}) + i;
        ctx.loader.row(BOUNDARIES).set("BoundaryID", id).set("DisplayName", name).set("BoundaryType", type).set("Value", value)
                .set("BoundaryFlags", random.nextInt(5) == 0 ? 1 : 0).set("SiteCode", siteCode).set("CreatedBy", ctx.domainNetbios() + "\\cmadmin")
                .set("CreatedOn", created).set("ModifiedBy", ctx.domainNetbios() + "\\cmadmin").set("ModifiedOn", ctx.after(created, random, 9_000_000)).end();
        return new Boundary(id, siteCode);
    }
}
