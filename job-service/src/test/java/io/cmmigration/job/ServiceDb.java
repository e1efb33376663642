package io.cmmigration.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.ConfigProvider;

/** Direct access to the service's own database, to stage the state a crashed replica leaves behind. */
public final class ServiceDb {

    private ServiceDb() {
    }

    private interface Work<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    /** The first column of the first row of a query (null if none). */
    public static Object value(String sql, Object... args) {
        return withStatement(sql, args, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        });
    }

    public static int update(String sql, Object... args) {
        return withStatement(sql, args, PreparedStatement::executeUpdate);
    }

    private static <T> T withStatement(String sql, Object[] args, Work<T> work) {
        var cfg = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(cfg.getValue("quarkus.datasource.jdbc.url", String.class),
                cfg.getValue("quarkus.datasource.username", String.class), cfg.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return work.run(ps);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
