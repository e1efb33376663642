package io.cmmigration.deploy.seed;

import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.Size;
import io.cmmigration.simulator.SourceSiteSimulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The one-shot "source-seed" container of docker-compose.yml: fills the simulated source database server with the
 * same two demo hierarchies as the local run (current branch "CB1" and Configuration Manager 2007 SP2 "S07", seeds 1
 * and 2), so that a gathering run has something real to read. The simulator writes PostgreSQL databases (the views and
 * columns of a ConfigMgr site database); gathering-service reads them through JDBC exactly as it reads SQL Server.
 *
 * <p>Idempotent: a hierarchy whose databases already exist is left alone (its data may have been gathered already),
 * unless {@code SEED_RECREATE=true}. Configuration by environment: {@code SOURCE_DB_ADMIN_URL} (a JDBC URL to the
 * server's {@code postgres} database), {@code SOURCE_DB_USER}, {@code SOURCE_DB_PASSWORD}.
 */
public final class SeedSourceHierarchies {

    /** A demo hierarchy: top site code, version, seed, and the database prefix its site databases get. */
    record Demo(String topSite, SourceVersion version, long seed, String prefix) {
    }

    static final List<Demo> DEMOS = List.of(
            new Demo("CB1", SourceVersion.CURRENT_BRANCH, 1, "cmm_demo_cb1"),
            new Demo("S07", SourceVersion.CM2007_SP2, 2, "cmm_demo_s07"));

    private SeedSourceHierarchies() {
    }

    public static void main(String[] args) throws SQLException {
        String url = required("SOURCE_DB_ADMIN_URL");
        String user = required("SOURCE_DB_USER");
        String password = required("SOURCE_DB_PASSWORD");
        boolean recreate = Boolean.parseBoolean(System.getenv().getOrDefault("SEED_RECREATE", "false"));
        for (Demo demo : DEMOS) {
            seed(demo, url, user, password, recreate);
        }
    }

    /** Creates the demo hierarchy unless its databases exist; returns whether it created it. */
    static boolean seed(Demo demo, String adminUrl, String user, String password, boolean recreate) throws SQLException {
        if (!recreate && databaseExists(adminUrl, user, password, demo.prefix())) {
            System.out.println(demo.topSite() + ": source databases " + demo.prefix() + "_* exist already; left as they are");
            return false;
        }
        SimulatedHierarchy h = SourceSiteSimulator.builder().version(demo.version()).topSiteCode(demo.topSite()).size(Size.DEMO)
                .seed(demo.seed()).create(adminUrl, user, password, demo.prefix());
        System.out.println(demo.topSite() + " (" + demo.version() + "): created " + h.databases());
        return true;
    }

    static boolean databaseExists(String adminUrl, String user, String password, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname LIKE ?")) {
            ps.setString(1, prefix.toLowerCase(Locale.ROOT) + "\\_%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            System.err.println("environment variable " + name + " is required");
            System.exit(2);
        }
        return v;
    }
}
