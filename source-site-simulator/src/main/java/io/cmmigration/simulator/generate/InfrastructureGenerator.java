package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.DISTRIBUTION_POINTS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SITES;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SITE_IDENTITY;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SITE_PORTS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.SYS_RES_LIST;

import io.cmmigration.simulator.SiteDefinition;
import io.cmmigration.simulator.SiteRole;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Sites, client request ports, site system roles and distribution points. Every DP case of spec §4 appears at least
 * once per database (site server DP, standard, with other roles, PXE, NetBIOS-only, on a secondary site server, and per
 * family server share / branch / protected (2007) or pull (2012+)); the rest of the requested DP count is random.
 */
final class InfrastructureGenerator {

    /** The DP cases; the manifest derives the same names back from the stored flags and roles. */
    enum DpKind { SITE_SERVER, STANDARD, OTHER_ROLES, SERVER_SHARE, BRANCH, PROTECTED, PULL, PXE, NETBIOS_ONLY,
        SECONDARY_SITE_SERVER, SECONDARY_STANDARD, SECONDARY_SERVER_SHARE }

    private final GenerationContext ctx;
    private final Random random;
    private final Set<String> roleRows = new HashSet<>();
    private int hostCounter;

    InfrastructureGenerator(GenerationContext ctx) {
        this.ctx = ctx;
        this.random = ctx.random("infrastructure");
    }

    void generate() {
        for (SiteDefinition s : ctx.hierarchy.sitesListedIn(ctx.dbSite)) {
            ctx.loader.row(SITES).set("SiteCode", s.code()).set("SiteName", s.name()).set("ServerName", s.serverName())
                    .set("Version", s.version().buildString()).set("BuildNumber", buildNumber(s.version().buildString()))
                    .set("ReportingSiteCode", s.parentCode() == null ? "" : s.parentCode()).set("Type", s.role().siteType())
                    .set("InstallDir", installDir(s)).set("Status", 1).end();
            ctx.loader.row(SITE_PORTS).set("SiteCode", s.code()).set("HttpPort", s.httpPort()).set("HttpsPort", s.httpsPort()).end();
            siteServerRoles(s);
        }
        SiteDefinition db = ctx.dbSite;
        ctx.loader.row(SITE_IDENTITY).set("ThisSiteCode", db.code()).set("ThisSiteName", db.name()).set("ServerName", db.serverName())
                .set("Version", db.version().buildString()).set("BuildNumber", buildNumber(db.version().buildString()))
                .set("SiteLanguageID", 1033).end();
        distributionPoints();
    }

    static int buildNumber(String version) {
        return Integer.parseInt(version.split("\\.")[2]);
    }

    private String installDir(SiteDefinition s) {
        return ctx.is2007() ? "D:\\Program Files\\Microsoft Configuration Manager" : "C:\\Program Files\\Microsoft Configuration Manager";
    }

    private void siteServerRoles(SiteDefinition s) {
        String nal = nalPath(s.serverName(), null, s.code());
        List<String> roles = new ArrayList<>(List.of("SMS Site Server", "SMS Site System", "SMS Component Server"));
        if (s.role() != SiteRole.SECONDARY) {
            roles.add("SMS Provider");
            roles.add("SMS SQL Server");
        }
        if (s.role() == SiteRole.PRIMARY || (s.role() == SiteRole.SECONDARY && !ctx.is2007())) {
            roles.add("SMS Management Point");
        }
        for (String role : roles) {
            role(s.code(), s.serverName(), nal, role);
        }
    }

    private void role(String siteCode, String server, String nal, String role) {
        if (roleRows.add(nal + "|" + role)) {
            ctx.loader.row(SYS_RES_LIST).set("SiteCode", siteCode).set("ServerName", server).set("NALPath", nal)
                    .set("RoleName", role).set("ResourceType", "Windows NT Server").end();
        }
    }

    static String nalPath(String server, String share, String siteCode) {
        String unc = "\\\\" + server + "\\" + (share == null ? "" : share + "\\");
        return "[\"Display=" + unc + "\"]MSWNET:[\"SMS_SITE=" + siteCode + "\"]" + unc;
    }

    private void distributionPoints() {
        List<SiteDefinition> dpSites = ctx.hierarchy.distributionPointSites(ctx.dbSite);
        List<SiteDefinition> primaries = dpSites.stream().filter(s -> s.role() != SiteRole.SECONDARY).toList();
        List<SiteDefinition> secondaries = dpSites.stream().filter(s -> s.role() == SiteRole.SECONDARY).toList();
        List<Object[]> planned = new ArrayList<>();
        for (int i = 0; i < primaries.size(); i++) {
            SiteDefinition p = primaries.get(i);
            planned.add(new Object[] {p, DpKind.SITE_SERVER});
            planned.add(new Object[] {p, DpKind.STANDARD});
            if (i == 0) {
                planned.add(new Object[] {p, DpKind.OTHER_ROLES});
                planned.add(new Object[] {p, DpKind.PXE});
                planned.add(new Object[] {p, DpKind.NETBIOS_ONLY});
                if (ctx.is2007()) {
                    planned.add(new Object[] {p, DpKind.SERVER_SHARE});
                    planned.add(new Object[] {p, DpKind.BRANCH});
                    planned.add(new Object[] {p, DpKind.PROTECTED});
                } else {
                    planned.add(new Object[] {p, DpKind.PULL});
                }
            }
        }
        for (int i = 0; i < secondaries.size(); i++) {
            SiteDefinition s = secondaries.get(i);
            planned.add(new Object[] {s, DpKind.SECONDARY_SITE_SERVER});
            if (i == 0) {
                planned.add(new Object[] {s, DpKind.SECONDARY_STANDARD});
            } else if (i == 1 && ctx.is2007()) {
                // A server share on a secondary site server makes that secondary ineligible for upgrade (spec §4.4).
                planned.add(new Object[] {s, DpKind.SECONDARY_SERVER_SHARE});
            }
        }
        DpKind[] randomKinds = ctx.is2007()
                ? new DpKind[] {DpKind.STANDARD, DpKind.STANDARD, DpKind.STANDARD, DpKind.STANDARD, DpKind.STANDARD, DpKind.STANDARD,
                    DpKind.NETBIOS_ONLY, DpKind.PXE, DpKind.BRANCH, DpKind.PROTECTED, DpKind.OTHER_ROLES, DpKind.SERVER_SHARE}
                : new DpKind[] {DpKind.STANDARD, DpKind.STANDARD, DpKind.STANDARD, DpKind.STANDARD, DpKind.STANDARD, DpKind.STANDARD,
                    DpKind.STANDARD, DpKind.NETBIOS_ONLY, DpKind.PXE, DpKind.PULL, DpKind.OTHER_ROLES};
        while (planned.size() < ctx.distributionPointCount) {
            SiteDefinition site = GenerationContext.pick(random, dpSites);
            DpKind kind = GenerationContext.pick(random, randomKinds);
            if (site.role() == SiteRole.SECONDARY) {
                kind = DpKind.SECONDARY_STANDARD;
            }
            planned.add(new Object[] {site, kind});
        }
        int dpId = 0;
        for (Object[] p : planned) {
            distributionPoint((SiteDefinition) p[0], (DpKind) p[1], ++dpId);
        }
    }

    private void distributionPoint(SiteDefinition site, DpKind kind, int dpId) {
        String server;
        String share = null;
        String dpType = "STANDARD";
        String os = ctx.is2007() ? GenerationContext.pick(random, new String[] {"Microsoft Windows Server 2003 R2", "Microsoft Windows Server 2008",
                "Microsoft Windows Server 2008 R2"}) : GenerationContext.pick(random, new String[] {"Microsoft Windows Server 2012 R2",
                "Microsoft Windows Server 2016", "Microsoft Windows Server 2012"});
        boolean onSiteServer = false;
        String host = site.code() + "-DP" + String.format(Locale.ROOT, "%03d", ++hostCounter);
        switch (kind) {
            case SITE_SERVER, SECONDARY_SITE_SERVER -> {
                server = site.serverName();
                onSiteServer = true;
            }
            case SECONDARY_SERVER_SHARE -> {
                server = site.serverName();
                share = "SMSPKGSHR";
                dpType = "SERVER_SHARE";
                onSiteServer = true;
            }
            case SERVER_SHARE -> {
                server = ctx.fqdn(site.code() + "-FS" + String.format(Locale.ROOT, "%03d", hostCounter));
                share = "PkgShare" + hostCounter;
                dpType = "SERVER_SHARE";
            }
            case BRANCH -> {
                server = ctx.fqdn(site.code() + "-BDP" + String.format(Locale.ROOT, "%03d", hostCounter));
                dpType = "BRANCH";
                os = GenerationContext.pick(random, new String[] {"Microsoft Windows XP Professional", "Microsoft Windows Vista Enterprise",
                        "Microsoft Windows 7 Enterprise"});
            }
            case NETBIOS_ONLY -> server = host.toUpperCase(Locale.ROOT);
            case PULL -> {
                server = ctx.fqdn(host);
                dpType = "PULL";
            }
            default -> server = ctx.fqdn(host);
        }
        String nal = nalPath(server, share, site.code());
        boolean protectedDp = kind == DpKind.PROTECTED;
        String shareName = share != null ? share : ctx.is2007() ? "SMSPKG" + (char) ('C' + random.nextInt(4)) + "$" : "SMS_DP$";
        ctx.loader.row(DISTRIBUTION_POINTS).set("NALPath", nal).set("DPID", dpId).set("ServerName", server).set("SiteCode", site.code())
                .set("ShareName", shareName).set("DPType", dpType).set("IsPeerDP", kind == DpKind.BRANCH ? 1 : 0)
                .set("IsPullDP", kind == DpKind.PULL ? 1 : 0).set("IsPXE", kind == DpKind.PXE || (kind == DpKind.SITE_SERVER && random.nextInt(4) == 0) ? 1 : 0)
                .set("IsProtected", protectedDp ? 1 : 0).set("IsOnSiteServer", onSiteServer ? 1 : 0)
                .set("IsSecondarySiteServer", onSiteServer && site.role() == SiteRole.SECONDARY ? 1 : 0)
                .set("MBytesFree", 2048L + random.nextInt(400_000)).set("OperatingSystem", os).set("GroupCount", random.nextInt(3))
                .set("Description", random.nextInt(3) == 0 ? null : kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " distribution point")
                .set("Drive", (char) ('C' + random.nextInt(4)) + ":").set("IsMulticast", ctx.is2007() ? 0 : random.nextInt(10) == 0 ? 1 : 0)
                .set("BitsEnabled", random.nextInt(2)).set("Communication", random.nextInt(5) == 0 ? 1 : 0)
                .set("PreStagingAllowed", ctx.is2007() ? 0 : random.nextInt(8) == 0 ? 1 : 0).end();
        if (share == null && !onSiteServer) {
            role(site.code(), server, nal, "SMS Site System");
            role(site.code(), server, nal, "SMS Component Server");
        }
        role(site.code(), server, nal, "SMS Distribution Point");
        if (kind == DpKind.OTHER_ROLES) {
            role(site.code(), server, nal, GenerationContext.pick(random, new String[] {"SMS Management Point",
                    "SMS Software Update Point", "SMS Fallback Status Point", "SMS Reporting Point"}));
        }
        ctx.distributionPoints.add(new GenerationContext.DpInfo(nal, server, site.code(), dpType, protectedDp));
    }
}
