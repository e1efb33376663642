package io.cmmigration.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceQuery;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.mutate.MutationManifest;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After {@code mutate}: the keys each catalogue query returns changed exactly as the mutation manifest says; the
 * changed-since query (with the pre-mutation maximum) returns exactly the added and changed objects; unchanged objects
 * keep their last-modified values and versions; mutation is deterministic.
 */
class MutationTest {

    private record Snapshot(Set<String> keys, Map<String, Object> lastModified, Map<String, Object> version) {
    }

    @ParameterizedTest
    @EnumSource(value = SourceVersion.class, names = {"CURRENT_BRANCH", "CM2007_SP2"})
    void mutationManifestDescribesExactlyWhatChanged(SourceVersion version) throws Exception {
        SimulatedHierarchy h = create(version, "mut");
        SimulatedHierarchy twin = create(version, "twin");
        try {
            SourceFamily family = version.family();
            Map<String, Map<String, Snapshot>> before = new HashMap<>();
            Map<String, LocalDateTime> maxBefore = new HashMap<>();
            for (String site : h.databases().keySet()) {
                try (Connection c = h.connect(site)) {
                    Map<String, Snapshot> snaps = new HashMap<>();
                    LocalDateTime max = LocalDateTime.MIN;
                    for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(family)) {
                        Snapshot s = snapshot(c, spec.source());
                        snaps.put(spec.type().name(), s);
                        for (Object t : s.lastModified.values()) {
                            LocalDateTime lt = ((Timestamp) t).toLocalDateTime();
                            max = lt.isAfter(max) ? lt : max;
                        }
                    }
                    before.put(site, snaps);
                    maxBefore.put(site, max);
                }
            }

            MutationManifest m = h.mutate(10, 7);
            assertEquals(m, twin.mutate(10, 7), "same seed, same mutation");

            for (String site : h.databases().keySet()) {
                MutationManifest.Database db = m.database(site);
                assertTrue(LocalDateTime.parse(db.mutationTime()).isAfter(maxBefore.get(site)));
                int changedTotal = 0;
                try (Connection c = h.connect(site)) {
                    for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(family)) {
                        String type = spec.type().name();
                        Snapshot pre = before.get(site).get(type);
                        Snapshot post = snapshot(c, spec.source());
                        MutationManifest.TypeChanges changes = db.types().getOrDefault(type, new MutationManifest.TypeChanges(List.of(), List.of(), List.of()));
                        Set<String> expectedKeys = new HashSet<>(pre.keys);
                        expectedKeys.removeAll(changes.removed());
                        expectedKeys.addAll(changes.added());
                        assertEquals(expectedKeys, post.keys, type + " keys after mutation");
                        assertTrue(pre.keys.containsAll(changes.changed()) && post.keys.containsAll(changes.changed()), type);
                        assertTrue(changes.added().stream().noneMatch(pre.keys::contains), type);
                        assertEquals(post.keys.size(), h.manifest().database(site).types().get(type).count(), type + " manifest count");
                        changedTotal += changes.changed().size();
                        if (spec.source().lastModifiedColumn() != null) {
                            Set<String> changedSince = new HashSet<>(TestHierarchies.rows(c, TestHierarchies.changedSinceSql(spec.source()), maxBefore.get(site)).stream()
                                    .map(r -> String.valueOf(r.get(spec.source().keyColumn().toLowerCase()))).toList());
                            Set<String> expected = new HashSet<>(changes.added());
                            expected.addAll(changes.changed());
                            assertEquals(expected, changedSince, type + " changed-since query");
                            for (String key : post.keys) {
                                if (!expected.contains(key)) {
                                    assertEquals(pre.lastModified.get(key), post.lastModified.get(key), type + " " + key + " unchanged");
                                    assertEquals(pre.version.get(key), post.version.get(key), type + " " + key + " version unchanged");
                                }
                            }
                        }
                        if (spec.source().versionColumn() != null) {
                            for (String key : changes.changed()) {
                                assertTrue(((Number) post.version.get(key)).intValue() >= ((Number) pre.version.get(key)).intValue(), type);
                            }
                        }
                    }
                    assertTrue(changedTotal > 20, "objects changed in " + site + ": " + changedTotal);
                    for (MutationManifest.DistributionPointChange dp : db.distributionPointsChanged()) {
                        assertEquals(List.of(dp.newServerName()), TestHierarchies.strings(c,
                                "SELECT ServerName FROM v_DistributionPointInfo WHERE NALPath = '" + dp.newNalPath().replace("'", "''") + "'"));
                        assertTrue(dp.newServerName().contains("."));
                    }
                    for (String added : db.sitesAdded()) {
                        assertEquals(List.of("1"), TestHierarchies.strings(c, "SELECT Type FROM v_Site WHERE SiteCode = '" + added + "'"));
                    }
                }
                assertFalse(db.distributionPointsChanged().isEmpty(), "a NetBIOS-only DP got an FQDN");
            }
            assertFalse(m.databases().get(0).sitesAdded().isEmpty(), "a child site was added");
        } finally {
            h.drop();
            twin.drop();
        }
    }

    private static SimulatedHierarchy create(SourceVersion version, String label) {
        return SourceSiteSimulator.builder().version(version).primaries("P01").secondaries("S01").size(Size.TINY).seed(11)
                .create(TestHierarchies.ADMIN_URL, TestHierarchies.USER, TestHierarchies.PASSWORD, TestHierarchies.uniquePrefix(label));
    }

    private static Snapshot snapshot(Connection c, SourceQuery q) throws Exception {
        Set<String> keys = new HashSet<>();
        Map<String, Object> lm = new HashMap<>();
        Map<String, Object> ver = new HashMap<>();
        for (Map<String, Object> row : TestHierarchies.rows(c, q.sql())) {
            String key = String.valueOf(row.get(q.keyColumn().toLowerCase()));
            keys.add(key);
            if (q.lastModifiedColumn() != null) {
                lm.put(key, Objects.requireNonNull(row.get(q.lastModifiedColumn().toLowerCase()), "last-modified of " + key));
            }
            if (q.versionColumn() != null) {
                ver.put(key, row.get(q.versionColumn().toLowerCase()));
            }
        }
        return new Snapshot(keys, lm, ver);
    }
}
