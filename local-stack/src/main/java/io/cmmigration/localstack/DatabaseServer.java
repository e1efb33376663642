package io.cmmigration.localstack;

import io.cmmigration.testsupport.db.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Where the stack's databases live: the machine's PostgreSQL server (tests, CI, benchmarks) or an embedded PostgreSQL
 * whose binaries come from Maven (the local run on a machine that has only a JDK).
 */
public interface DatabaseServer extends AutoCloseable {

    String host();

    int port();

    String user();

    String password();

    default String url(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Creates a fresh database {@code cmm_<purpose>_<random>} and returns its name. */
    default String create(String purpose) {
        String name = ("cmm_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 6)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        return name;
    }

    default void drop(String database) {
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
        execute("DROP DATABASE IF EXISTS " + database);
    }

    default Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user(), password());
    }

    private void execute(String sql) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host() + ":" + port() + " refused " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    default void close() {
    }

    /** The build machine's PostgreSQL (127.0.0.1:5432 unless CMM_TEST_PG_* say otherwise). */
    static DatabaseServer machine() {
        return new DatabaseServer() {
            public String host() {
                return TestDatabases.HOST;
            }

            public int port() {
                return Integer.parseInt(TestDatabases.PORT);
            }

            public String user() {
                return TestDatabases.USER;
            }

            public String password() {
                return TestDatabases.PASSWORD;
            }
        };
    }

    /**
     * A real PostgreSQL started from binaries downloaded from Maven Central, in {@code dataDir} (emptied at every start:
     * the local run is a fresh demo each time). It stops itself in its own shutdown hook.
     */
    static DatabaseServer embedded(Path dataDir, int port) throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).setPort(port).start();
        return new DatabaseServer() {
            public String host() {
                return "127.0.0.1";
            }

            public int port() {
                return pg.getPort();
            }

            public String user() {
                return "postgres";
            }

            public String password() {
                return "";
            }

            @Override
            public void close() {
                try {
                    pg.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
