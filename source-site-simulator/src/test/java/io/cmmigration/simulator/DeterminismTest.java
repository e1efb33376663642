package io.cmmigration.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.manifest.SiteDatabaseManifest;
import io.cmmigration.simulator.schema.SiteDatabaseSchema;
import io.cmmigration.simulator.schema.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Same seed gives identical manifests and identical table contents; another seed gives different data. */
class DeterminismTest {

    @Test
    void sameSeedSameDataDifferentSeedDifferentData() throws Exception {
        SimulatedHierarchy a = create(7, "deta");
        SimulatedHierarchy b = create(7, "detb");
        SimulatedHierarchy other = create(8, "detc");
        try {
            assertEquals(a.manifest().databases().size(), b.manifest().databases().size());
            for (int i = 0; i < a.manifest().databases().size(); i++) {
                SiteDatabaseManifest ma = a.manifest().databases().get(i);
                SiteDatabaseManifest mb = b.manifest().databases().get(i);
                assertEquals(ma.types(), mb.types());
                assertEquals(ma.brokenReferences(), mb.brokenReferences());
                assertEquals(ma.distributionPoints(), mb.distributionPoints());
                assertEquals(dump(a, ma.siteCode()), dump(b, mb.siteCode()));
                assertNotEquals(ma.types(), other.manifest().databases().get(i).types());
                assertNotEquals(dump(a, ma.siteCode()), dump(other, ma.siteCode()));
            }
        } finally {
            a.drop();
            b.drop();
            other.drop();
        }
    }

    private static SimulatedHierarchy create(long seed, String label) {
        return SourceSiteSimulator.builder().version(SourceVersion.CM2007_SP2).primaries("P01").secondaries("S01").size(Size.TINY).seed(seed)
                .create(TestHierarchies.ADMIN_URL, TestHierarchies.USER, TestHierarchies.PASSWORD, TestHierarchies.uniquePrefix(label));
    }

    /** SHA-256 of every base table's rows in a total order (text form of all columns). */
    private static Map<String, String> dump(SimulatedHierarchy h, String site) throws Exception {
        Map<String, String> hashes = new LinkedHashMap<>();
        try (Connection c = h.connect(site); Statement st = c.createStatement()) {
            for (Table t : SiteDatabaseSchema.tables()) {
                String cols = String.join(", ", t.columnNames());
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (ResultSet rs = st.executeQuery("SELECT " + cols + " FROM " + t.name() + " ORDER BY " + cols)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            sha.update(String.valueOf(rs.getString(i)).getBytes(StandardCharsets.UTF_8));
                            sha.update((byte) 0);
                        }
                    }
                }
                hashes.put(t.name(), HexFormat.of().formatHex(sha.digest()));
            }
        }
        return hashes;
    }
}
