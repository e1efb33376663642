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
}
