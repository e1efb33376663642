package io.cmmigration.gathering.source;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens read-only JDBC connections to source site databases. Source databases are configured at run time (not Quarkus
 * datasources); the PostgreSQL driver (simulator) and the SQL Server driver (real ConfigMgr sites) are on the classpath.
 */
@ApplicationScoped
public class SourceConnector {

    @ConfigProperty(name = "cmm.gathering.connect-timeout-seconds", defaultValue = "15")
    int connectTimeoutSeconds;

    @ConfigProperty(name = "cmm.gathering.query-timeout-seconds", defaultValue = "600")
    int queryTimeoutSeconds;

    public int queryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    /** A read-only connection; {@code streaming} leaves auto-commit off so that large results are read with a cursor. */
    public Connection open(String jdbcUrl, String username, String password, boolean streaming) {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:postgresql:") || jdbcUrl.startsWith("jdbc:sqlserver:"))) {
            throw new SourceFailure(GatheringStatus.FAILED_SQL, "unsupported source database URL (jdbc:sqlserver: or jdbc:postgresql: expected)");
        }
        Properties p = new Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            p.setProperty("connectTimeout", String.valueOf(connectTimeoutSeconds));
            p.setProperty("loginTimeout", String.valueOf(connectTimeoutSeconds));
            p.setProperty("ApplicationName", "cm-migration-gathering");
        } else {
            p.setProperty("loginTimeout", String.valueOf(connectTimeoutSeconds));
            p.setProperty("applicationIntent", "ReadOnly");
            p.setProperty("applicationName", "cm-migration-gathering");
        }
        try {
            Connection c = DriverManager.getConnection(jdbcUrl, p);
            c.setReadOnly(true);
            c.setAutoCommit(!streaming);
            return c;
        } catch (SQLException e) {
            throw SourceFailure.of(e, "connecting to " + redact(jdbcUrl));
        }
    }

    /** The URL without any inline credentials, for messages. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***");
    }
}
