package io.cmmigration.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads (and, for tamper tests, writes) the destination database directly, as an auditor would. */
public final class Destination {

    private Destination() {
    }

    public static Connection connect() throws Exception {
        var cfg = ConfigProvider.getConfig();
        return DriverManager.getConnection(cfg.getValue("quarkus.datasource.destination.jdbc.url", String.class),
                cfg.getValue("quarkus.datasource.destination.username", String.class),
                cfg.getOptionalValue("quarkus.datasource.destination.password", String.class).orElse(""));
    }

    /** Rows of migrated_object of a hierarchy keyed by "site/TYPE/sourceId". */
    public static Map<String, Map<String, Object>> objects(String hierarchyId) {
        return query("SELECT * FROM migrated_object WHERE hierarchy_id = ?", hierarchyId);
    }

    public static Map<String, Map<String, Object>> query(String sql, Object... args) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> row : rows(sql, args)) {
            out.put(row.get("source_site") + "/" + row.get("object_type") + "/" + row.get("source_id"), row);
        }
        return out;
    }

    public static List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The columns of migrated_object a plain copy writes. */
    private static final List<String> COPY_COLUMNS = List.of("destination_id", "hierarchy_id", "source_site", "object_type", "source_id",
            "destination_type", "name", "folder", "security_scopes", "content_owner_site", "attributes", "content_hash", "source_version",
            "source_fingerprint", "job_id", "migrated_at", "warnings");

    /**
     * The benches' baseline: a plain JDBC batched copy (batches of 1,000, each committed) of destination rows into a fresh
     * scratch table {@code bench_copy}, without keys or with migrated_object's keys. Returns the seconds it took.
     */
    public static double plainCopySeconds(List<Map<String, Object>> rows, boolean withKeys) throws Exception {
        try (Connection d = connect(); var st = d.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_copy");
            st.execute(withKeys ? "CREATE TABLE bench_copy (LIKE migrated_object INCLUDING ALL)" : "CREATE TABLE bench_copy AS SELECT * FROM migrated_object WHERE 1 = 0");
        }
        var cfg = ConfigProvider.getConfig();
        long t0 = System.nanoTime();
        try (Connection w = DriverManager.getConnection(cfg.getValue("quarkus.datasource.destination.jdbc.url", String.class) + "?reWriteBatchedInserts=true",
                cfg.getValue("quarkus.datasource.destination.username", String.class), "");
                PreparedStatement ps = w.prepareStatement("INSERT INTO bench_copy (" + String.join(", ", COPY_COLUMNS) + ") VALUES ("
                        + String.join(",", java.util.Collections.nCopies(COPY_COLUMNS.size(), "?")) + ")")) {
            w.setAutoCommit(false);
            int k = 0;
            for (Map<String, Object> r : rows) {
                for (int i = 0; i < COPY_COLUMNS.size(); i++) {
                    ps.setObject(i + 1, r.get(COPY_COLUMNS.get(i)));
                }
                ps.addBatch();
                if (++k % 1000 == 0) {
                    ps.executeBatch();
                    w.commit();
                }
            }
            ps.executeBatch();
            w.commit();
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
