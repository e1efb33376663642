package io.cmmigration.simulator;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.generate.SiteDatabaseGenerator;
import io.cmmigration.simulator.manifest.Manifest;
import io.cmmigration.simulator.manifest.ManifestBuilder;
import io.cmmigration.simulator.manifest.SiteDatabaseManifest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Entry point: describe a source hierarchy, then create its site databases on a PostgreSQL server.
 *
 * <pre>{@code
 * SimulatedHierarchy h = SourceSiteSimulator.builder()
 *     .version(SourceVersion.CURRENT_BRANCH).topSiteCode("CAS").primaries("P01", "P02").secondaries("S01")
 *     .size(Size.TINY).seed(42)
 *     .create("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", "mytest");
 * }</pre>
 *
 * Defaults: current branch, top site CAS (2007: CEN), one child primary P01, one secondary S01 under it, domain
 * contoso.com, size TINY, seed 1, deliberately broken references on, client request ports 80/443.
 */
public final class SourceSiteSimulator {

    private SourceVersion version = SourceVersion.CURRENT_BRANCH;
    private String topSiteCode;
    private List<String> primaries = List.of("P01");
    private final Map<String, String> secondaryParents = new LinkedHashMap<>();
    private boolean defaultSecondary = true;
    private final Map<String, SourceVersion> siteVersions = new HashMap<>();
    private final Map<String, String> serverNames = new HashMap<>();
    private final Map<String, int[]> ports = new HashMap<>();
    private String domain = "contoso.com";
    private Size size = Size.TINY;
    private final Map<ObjectType, Integer> countOverrides = new EnumMap<>(ObjectType.class);
    private Integer distributionPoints;
    private long seed = 1;
    private boolean brokenReferences = true;
    private Consumer<String> progress = s -> { };

    private SourceSiteSimulator() {
    }

    public static SourceSiteSimulator builder() {
        return new SourceSiteSimulator();
    }

    /** Re-opens a hierarchy created earlier (e.g. by the command line) from its manifest. */
    public static SimulatedHierarchy attach(Manifest manifest, PostgresServer server) {
        return new SimulatedHierarchy(server, manifest, s -> { });
    }

    public SourceSiteSimulator version(SourceVersion version) {
        this.version = version;
        return this;
    }

    public SourceSiteSimulator topSiteCode(String code) {
        this.topSiteCode = code;
        return this;
    }

    /** Child primaries of the top site (2012+: under a CAS; none = stand-alone primary; 2007: child primaries of the central site). */
    public SourceSiteSimulator primaries(String... codes) {
        this.primaries = List.of(codes);
        return this;
    }

    /** Secondary sites, spread round-robin over the child primaries (or under the top site if it has none). */
    public SourceSiteSimulator secondaries(String... codes) {
        defaultSecondary = false;
        secondaryParents.clear();
        for (String c : codes) {
            secondaryParents.put(c, null);
        }
        return this;
    }

    public SourceSiteSimulator secondary(String code, String parentPrimary) {
        defaultSecondary = false;
        secondaryParents.put(code, parentPrimary);
        return this;
    }

    /** Lets one site run another version (e.g. an unsupported 2007 SP1 child for preflight tests). */
    public SourceSiteSimulator siteVersion(String siteCode, SourceVersion v) {
        siteVersions.put(siteCode, v);
        return this;
    }

    public SourceSiteSimulator serverName(String siteCode, String serverName) {
        serverNames.put(siteCode, serverName);
        return this;
    }

    public SourceSiteSimulator clientRequestPorts(String siteCode, int http, int https) {
        ports.put(siteCode, new int[] {http, https});
        return this;
    }

    public SourceSiteSimulator domain(String domain) {
        this.domain = domain;
        return this;
    }

    public SourceSiteSimulator size(Size size) {
        this.size = size;
        return this;
    }

    /** Per-type counts for the whole hierarchy, overriding those of the size. */
    public SourceSiteSimulator counts(Map<ObjectType, Integer> counts) {
        countOverrides.putAll(counts);
        return this;
    }

    public SourceSiteSimulator distributionPoints(int count) {
        this.distributionPoints = count;
        return this;
    }

    public SourceSiteSimulator seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Whether to leave the documented dangling references in (default true). */
    public SourceSiteSimulator brokenReferences(boolean on) {
        this.brokenReferences = on;
        return this;
    }

    public SourceSiteSimulator progress(Consumer<String> progress) {
        this.progress = progress;
        return this;
    }

    /** The hierarchy as it will be created. */
    public HierarchyDefinition hierarchy() {
        boolean is2007 = version.family() == SourceFamily.CM2007;
        String top = topSiteCode != null ? topSiteCode : is2007 ? "CEN" : "CAS";
        List<SiteDefinition> sites = new ArrayList<>();
        SiteRole topRole = !is2007 && !primaries.isEmpty() ? SiteRole.CENTRAL_ADMINISTRATION : SiteRole.PRIMARY;
        sites.add(site(top, topRole, null, topRole == SiteRole.CENTRAL_ADMINISTRATION ? "Central Administration Site"
                : is2007 ? "Central Site" : "Primary Site " + top));
        for (String p : primaries) {
            sites.add(site(p, SiteRole.PRIMARY, top, "Primary Site " + p));
        }
        Map<String, String> secondaries = new LinkedHashMap<>(secondaryParents);
        if (defaultSecondary) {
            secondaries.put("S01", null);
        }
        List<String> parents = primaries.isEmpty() ? List.of(top) : primaries;
        int i = 0;
        for (Map.Entry<String, String> s : secondaries.entrySet()) {
            String parent = s.getValue() != null ? s.getValue() : parents.get(i++ % parents.size());
            sites.add(site(s.getKey(), SiteRole.SECONDARY, parent, "Secondary Site " + s.getKey()));
        }
        return new HierarchyDefinition(version, domain, List.copyOf(sites));
    }

    private SiteDefinition site(String code, SiteRole role, String parent, String name) {
        if (!code.matches("[A-Z0-9]{3}")) {
            throw new IllegalArgumentException("site codes are three upper-case letters or digits: " + code);
        }
        String server = serverNames.getOrDefault(code, "cm" + code.toLowerCase(Locale.ROOT) + "." + domain);
        int[] p = ports.getOrDefault(code, new int[] {80, 443});
        return new SiteDefinition(code, name, role, parent, server, siteVersions.getOrDefault(code, version), p[0], p[1]);
    }

    /**
     * Creates (dropping first if present) and fills one database per site database of the hierarchy, named
     * {@code <dbPrefix>_<sitecode>}, on the server of {@code adminJdbcUrl}.
     */
    public SimulatedHierarchy create(String adminJdbcUrl, String user, String password, String dbPrefix) {
        HierarchyDefinition h = hierarchy();
        PostgresServer server = new PostgresServer(adminJdbcUrl, user, password);
        Map<ObjectType, Integer> total = new EnumMap<>(ObjectType.class);
        total.putAll(size.counts());
        total.putAll(countOverrides);
        int dps = distributionPoints != null ? distributionPoints : size.distributionPoints();
        List<SiteDefinition> dbSites = h.databaseSites();
        List<SiteDatabaseManifest> manifests = new ArrayList<>();
        long start = System.nanoTime();
        for (int d = 0; d < dbSites.size(); d++) {
            SiteDefinition dbSite = dbSites.get(d);
            String database = (dbPrefix + "_" + dbSite.code()).toLowerCase(Locale.ROOT);
            String url = server.databaseUrl(database);
            Map<ObjectType, Integer> share = new EnumMap<>(ObjectType.class);
            for (Map.Entry<ObjectType, Integer> e : total.entrySet()) {
                share.put(e.getKey(), split(e.getValue(), dbSites.size(), d));
            }
            try {
                server.recreate(database);
                try (Connection c = server.connect(url)) {
                    SiteDatabaseGenerator.Result r = SiteDatabaseGenerator.generate(c, h, dbSite, share, split(dps, dbSites.size(), d), seed,
                            brokenReferences, progress);
                    manifests.add(ManifestBuilder.describe(c, dbSite.code(), database, url, dbSite.version(), r.brokenReferences()));
                }
            } catch (SQLException e) {
                throw new SimulatorException("creating " + database + " failed: " + e.getMessage(), e);
            }
        }
        progress.accept(String.format("hierarchy %s (%s) created in %.1f s", h.top().code(), version, (System.nanoTime() - start) / 1e9));
        return new SimulatedHierarchy(server, new Manifest(seed, version.name(), h.top().code(), List.copyOf(manifests)), progress);
    }

    private static int split(int total, int parts, int index) {
        int base = total / parts;
        return base + (index < total % parts ? 1 : 0);
    }
}
