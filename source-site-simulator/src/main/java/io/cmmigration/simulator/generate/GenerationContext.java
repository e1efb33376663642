package io.cmmigration.simulator.generate;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.simulator.HierarchyDefinition;
import io.cmmigration.simulator.SiteDefinition;
import io.cmmigration.simulator.manifest.BrokenReference;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * State shared by the generators of one site database: the hierarchy, counts for this database, seeded randomness,
 * ID allocation, and the keys generated so far (later types reference earlier ones).
 *
 * <p>Determinism: every area draws from its own {@link Random} seeded from (seed, database site, area name), and no
 * clock or unseeded UUID is used, so a seed always yields byte-identical data, and changing one type's count does not
 * shift the data of unrelated areas.
 */
final class GenerationContext {

    final HierarchyDefinition hierarchy;
    final SiteDefinition dbSite;
    final Map<ObjectType, Integer> counts;
    final int distributionPointCount;
    final long seed;
    final boolean brokenReferences;
    final CopyLoader loader;
    final LocalDateTime baseTime;

    final List<BrokenReference> broken = new ArrayList<>();
    final List<DpInfo> distributionPoints = new ArrayList<>();
    final List<Integer> userIds = new ArrayList<>();
    final Map<Integer, String> userNames = new HashMap<>();

    // Keys generated so far, per kind, for references from later objects.
    final List<Integer> clientIds = new ArrayList<>();
    final Map<Integer, String> clientNames = new HashMap<>();
    final Map<Integer, String> clientSite = new HashMap<>();
    final List<CollectionInfo> deviceCollections = new ArrayList<>();
    final List<CollectionInfo> userCollections = new ArrayList<>();
    final List<CollectionInfo> allCollections = new ArrayList<>();
    final List<PackageInfo> packages = new ArrayList<>();
    final List<PackageInfo> appvPackages = new ArrayList<>();
    final List<String> bootImages = new ArrayList<>();
    final List<String> osImages = new ArrayList<>();
    final List<String> osInstallers = new ArrayList<>();
    final List<String> driverPackages = new ArrayList<>();
    final List<String> updatePackages = new ArrayList<>();
    final List<NamedKey> taskSequences = new ArrayList<>();
    final List<Integer> softwareUpdates = new ArrayList<>();
    final List<NamedKey> updateGroups = new ArrayList<>();
    final List<Integer> configurationItems = new ArrayList<>();
    final List<NamedKey> baselines = new ArrayList<>();
    final List<Integer> drivers = new ArrayList<>();
    final List<AppInfo> applications = new ArrayList<>();
    final List<Integer> aiCategories = new ArrayList<>();

    private final Map<String, Integer> objectCounters = new HashMap<>();
    private final Map<String, Integer> offerCounters = new HashMap<>();
    private final Map<String, Integer> sequences = new HashMap<>();

    GenerationContext(HierarchyDefinition hierarchy, SiteDefinition dbSite, Map<ObjectType, Integer> counts,
                      int distributionPointCount, long seed, boolean brokenReferences, CopyLoader loader) {
        this.hierarchy = hierarchy;
        this.dbSite = dbSite;
        this.counts = counts;
        this.distributionPointCount = distributionPointCount;
        this.seed = seed;
        this.brokenReferences = brokenReferences;
        this.loader = loader;
        this.baseTime = baseTime(hierarchy);
    }

    SourceFamily family() {
        return hierarchy.family();
    }

    boolean is2007() {
        return family() == SourceFamily.CM2007;
    }

    /** Count for this database, 0 when the family does not have the type. */
    int count(ObjectType type) {
        if (!io.cmmigration.events.catalogue.ObjectTypeCatalogue.spec(type).existsIn(family())) {
            return 0;
        }
        return counts.getOrDefault(type, 0);
    }

    Random random(String area) {
        long h = seed * 0x9E3779B97F4A7C15L + dbSite.code().hashCode() * 31L + area.hashCode();
        return new Random(h ^ (h >>> 29));
    }

    /** A ConfigMgr object ID: site code plus five hex digits; collections and packages share the per-site counter. */
    String nextObjectId(String siteCode) {
        int n = objectCounters.merge(siteCode, 1, Integer::sum) + 0x0000F;
        return siteCode + String.format(Locale.ROOT, "%05X", n);
    }

    /** Advertisement / program-deployment IDs: site code plus 2xxxx (the offer ID range). */
    String nextOfferId(String siteCode) {
        int n = offerCounters.merge(siteCode, 1, Integer::sum) + 0x1FFFF;
        return siteCode + String.format(Locale.ROOT, "%05X", n);
    }

    /** Integer IDs (CI_ID, ResourceID, BoundaryID, ...) start where ConfigMgr's do: 16777217. */
    int next(String sequence) {
        return sequences.merge(sequence, 1, Integer::sum) + 16777216;
    }

    static String guid(Random r) {
        return new UUID(r.nextLong(), r.nextLong()).toString().toUpperCase(Locale.ROOT);
    }

    /** A creation time within the four years before the base time, second precision. */
    LocalDateTime time(Random r) {
        return baseTime.minusSeconds(r.nextInt(4 * 365 * 24 * 3600));
    }

    LocalDateTime after(LocalDateTime t, Random r, int maxSeconds) {
        LocalDateTime later = t.plusSeconds(r.nextInt(Math.max(1, maxSeconds)));
        return later.isAfter(baseTime) ? baseTime : later;
    }

    /** The site at which an object is created: the top site mostly, otherwise a primary (2012+). */
    String creatingSite(Random r) {
        List<SiteDefinition> creating = hierarchy.creatingSites(dbSite);
        if (creating.size() == 1 || r.nextInt(100) < 70) {
            return creating.get(0).code();
        }
        return creating.get(1 + r.nextInt(creating.size() - 1)).code();
    }

    void broken(ObjectType type, String key, String reference, ObjectType target, String missingKey) {
        broken.add(new BrokenReference(type, key, reference, target, missingKey));
    }

    String domainNetbios() {
        return hierarchy.domain().split("\\.")[0].toUpperCase(Locale.ROOT);
    }

    String fqdn(String host) {
        return host.toLowerCase(Locale.ROOT) + "." + hierarchy.domain();
    }

    String fileServer() {
        return "fs01." + hierarchy.domain();
    }

    static LocalDateTime baseTime(HierarchyDefinition h) {
        return switch (h.version()) {
            case CM2007_SP1, CM2007_SP2 -> LocalDateTime.of(2011, 9, 1, 8, 0);
            case CM2012_RTM, CM2012_SP1, CM2012_R2 -> LocalDateTime.of(2014, 3, 1, 8, 0);
            case CM2012_SP2 -> LocalDateTime.of(2015, 6, 1, 8, 0);
            case CM2012_R2_SP1 -> LocalDateTime.of(2016, 1, 4, 8, 0);
            case CURRENT_BRANCH -> LocalDateTime.of(2019, 3, 1, 8, 0);
        };
    }

    static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    static <T> T pick(Random r, T[] array) {
        return array[r.nextInt(array.length)];
    }

    record CollectionInfo(String id, String name, int collectionType) {
    }

    record PackageInfo(String id, String name, List<String> programs, int packageType) {
    }

    record NamedKey(String key, String name) {
    }

    record DpInfo(String nalPath, String serverName, String siteCode, String dpType, boolean protectedDp) {
    }

    record AppInfo(int ciId, String name, List<Integer> deploymentTypes) {
    }
}
