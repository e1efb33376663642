package io.cmmigration.simulator;

import io.cmmigration.events.catalogue.SourceVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tiny hierarchies shared by the read-only tests of one JVM (created once, dropped at JVM exit), and helpers to create
 * uniquely named throw-away ones.
 */
final class TestHierarchies {

    static final String ADMIN_URL = System.getProperty("simulator.test.jdbc", "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String USER = System.getProperty("simulator.test.user", "postgres");
    static final String PASSWORD = System.getProperty("simulator.test.password", "");

    private static final Map<String, SimulatedHierarchy> SHARED = new HashMap<>();

    private TestHierarchies() {
    }

    static String uniquePrefix(String label) {
        return ("sst_" + label + "_" + Long.toHexString(ProcessHandle.current().pid()) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000))).toLowerCase(Locale.ROOT);
    }

    /** Current branch: CAS, primaries P01/P02, secondaries S01/S02. */
    static synchronized SimulatedHierarchy currentBranch() {
        return SHARED.computeIfAbsent("cb", k -> SourceSiteSimulator.builder().version(SourceVersion.CURRENT_BRANCH).topSiteCode("CAS")
                .primaries("P01", "P02").secondaries("S01", "S02").size(Size.TINY).seed(42)
                .create(ADMIN_URL, USER, PASSWORD, uniquePrefix("cb")));
    }

    /** 2007 SP2: central primary CEN, child primary P07, secondaries S71/S72 under P07 (two site databases). */
    static synchronized SimulatedHierarchy cm2007() {
        return SHARED.computeIfAbsent("2007", k -> SourceSiteSimulator.builder().version(SourceVersion.CM2007_SP2).topSiteCode("CEN")
                .primaries("P07").secondaries("S71", "S72").size(Size.TINY).seed(42)
                .create(ADMIN_URL, USER, PASSWORD, uniquePrefix("cm07")));
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SHARED.values().forEach(h -> {
            try {
                h.drop();
            } catch (RuntimeException ignored) {
                // best effort at JVM exit
            }
        })));
    }

    /** The rows of a catalogue query whose last-modified column is after {@code since}; null when it has none. */
    static String changedSinceSql(io.cmmigration.events.catalogue.SourceQuery q) {
        return q.lastModifiedColumn() == null ? null : "SELECT * FROM (" + q.sql() + ") q WHERE q." + q.lastModifiedColumn() + " > ?";
    }

    static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                ps.setObject(i + 1, p instanceof LocalDateTime t ? Timestamp.valueOf(t) : p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> list = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                    }
                    list.add(row);
                }
                return list;
            }
        }
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> list = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                list.add(rs.getString(1));
            }
        }
        return list;
    }
}
