package io.cmmigration.testsupport.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Creates and drops databases on the build machine's real PostgreSQL server (127.0.0.1:5432, user postgres, trust auth;
 * override with CMM_TEST_PG_HOST / CMM_TEST_PG_PORT / CMM_TEST_PG_USER / CMM_TEST_PG_PASSWORD). Each test run gets its own
 * databases, so parallel builds and leftovers never interfere.
 */
public final class TestDatabases {

    public static final String HOST = env("CMM_TEST_PG_HOST", "127.0.0.1");
    public static final String PORT = env("CMM_TEST_PG_PORT", "5432");
    public static final String USER = env("CMM_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("CMM_TEST_PG_PASSWORD", "");

    private TestDatabases() {
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** A fresh, uniquely named database: {@code cmm_<purpose>_<random>}. */
    public static String create(String purpose) {
        String name = ("cmm_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        return name;
    }

    public static void drop(String database) {
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
        execute("DROP DATABASE IF EXISTS " + database);
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, PASSWORD);
    }

    private static void execute(String sql) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " refused: " + sql + " (" + e.getMessage()
                    + "). Is it running? pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", e);
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
