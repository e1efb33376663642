package io.cmmigration.simulator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PostgreSQL server the simulated databases live on: admin connection, database URLs, create and drop. */
public record PostgresServer(String adminJdbcUrl, String user, String password) {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public String databaseUrl(String database) {
        Matcher m = URL.matcher(adminJdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + adminJdbcUrl);
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    public static String databaseName(String jdbcUrl) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return m.group(2);
    }

    public Connection connect(String jdbcUrl) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, p);
    }

    /** Drops (if present) and creates an empty UTF-8 database. */
    public void recreate(String database) throws SQLException {
        check(database);
        try (Connection c = connect(adminJdbcUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
        }
    }

    public void drop(String database) throws SQLException {
        check(database);
        try (Connection c = connect(adminJdbcUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void check(String database) {
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database names must be lower-case identifiers: " + database);
        }
    }
}
