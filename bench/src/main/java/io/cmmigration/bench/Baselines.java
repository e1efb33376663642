package io.cmmigration.bench;

import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.SourceFamily;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

/** What an administrator could do instead, measured with the same driver on the same data in the same run. */
public final class Baselines {

    private Baselines() {
    }

    /**
     * Streams every top-level catalogue query of the source (the same SQL the gathering reader runs) with the same
     * PostgreSQL driver, touching every column; returns rows read per second.
     */
    public static double streamingSelect(String jdbcUrl, String user, String password, SourceFamily family) throws Exception {
        long rows = 0;
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(family)) {
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(5000);
                    try (ResultSet rs = s.executeQuery(spec.source().sql())) {
                        ResultSetMetaData md = rs.getMetaData();
                        int n = md.getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= n; i++) {
                                rs.getObject(i);
                            }
                            rows++;
                        }
                    }
                }
            }
            c.commit();
        }
        return rows / seconds(start);
    }

    /**
     * Plain JDBC batched copy of the rows the job wrote, into an empty table of the same schema in the same database:
     * the cheapest possible way to put the same data there. Returns rows per second.
     */
    public static double plainCopy(String destinationUrl, String user, String password, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(destinationUrl + (destinationUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                user, password)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_copy");
                s.execute("CREATE TABLE bench_copy (LIKE " + table + " INCLUDING DEFAULTS)");
            }
            c.commit();
            long rows = 0;
            long start = System.nanoTime();
            try (Statement read = c.createStatement()) {
                read.setFetchSize(5000);
                try (ResultSet rs = read.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    StringBuilder sql = new StringBuilder("INSERT INTO bench_copy VALUES (");
                    for (int i = 1; i <= n; i++) {
                        sql.append(i == 1 ? "?" : ",?");
                    }
                    sql.append(')');
                    try (PreparedStatement ins = c.prepareStatement(sql.toString())) {
                        while (rs.next()) {
                            for (int i = 1; i <= n; i++) {
                                ins.setObject(i, rs.getObject(i));
                            }
                            ins.addBatch();
                            if (++rows % 1000 == 0) {
                                ins.executeBatch();
                            }
                        }
                        ins.executeBatch();
                    }
                }
            }
            c.commit();
            double rate = rows / seconds(start);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_copy");
            }
            c.commit();
            return rate;
        }
    }

    static double seconds(long startNanos) {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }
}
