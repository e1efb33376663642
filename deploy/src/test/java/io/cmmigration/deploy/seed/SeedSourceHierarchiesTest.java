package io.cmmigration.deploy.seed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.SourceVersion;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compose seed job against the machine's real PostgreSQL: creates a demo hierarchy once, then leaves it alone. */
class SeedSourceHierarchiesTest {

    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    final String prefix = "cmm_deploytest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @Test
    void seedsTheDemoHierarchyWithItsViewsAndDoesNotOverwriteItOnTheNextRun() throws Exception {
        var demo = new SeedSourceHierarchies.Demo("CB1", SourceVersion.CURRENT_BRANCH, 1, prefix);
        assertTrue(SeedSourceHierarchies.seed(demo, ADMIN_URL, "postgres", "", false));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + prefix + "_cb1", "postgres", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM v_Collection")) {
            assertTrue(rs.next() && rs.getInt(1) > 0, "the site database has collections to gather");
        }
        assertFalse(SeedSourceHierarchies.seed(demo, ADMIN_URL, "postgres", "", false), "a second run keeps what exists");
    }

    @AfterEach
    void dropDatabases() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + prefix + "%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String n : names) {
                s.execute("DROP DATABASE IF EXISTS \"" + n + "\" WITH (FORCE)");
            }
        }
    }
}
