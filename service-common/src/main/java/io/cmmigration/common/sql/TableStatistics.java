package io.cmmigration.common.sql;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Planner statistics of a service's high-volume tables, kept current by the service itself on PostgreSQL (what
 * autovacuum's auto-analyze does where it runs). The machine's PostgreSQL of the CI and of the full-system bench runs
 * with {@code autovacuum = off}, and even with autovacuum a table loaded in bulk stays unanalyzed for up to a minute.
 * <p>
 * Why it matters: the keyed statements of the high-volume paths are {@code ... IN (up to 1,000 keys)}. On a table
 * never analyzed PostgreSQL guesses that such a list matches the whole table and scans it (or walks an unselective
 * index): measured on job-service's 228k-row catalogue 210-240 ms per 500-key statement against 6 ms through the
 * primary key once analyzed; in one standard bench run monitoring-service scanned its 225k-row job-object projection
 * 229 times (25 million rows) and dp-share-service its package versions 2,318 times (54 million rows), never once using
 * their indexes.
 * <p>
 * Callers report rows they changed ({@link #changed}); a table whose changes since its last analysis exceed 1,000 + 50 %
 * of its rows (or that was never analyzed) is analyzed by the periodic check (tables of the service's default
 * datasource) or at once by {@link #refreshIfStale}. Keyed plans need little: once analyzed, a key column is known to be
 * (nearly) unique at any table size, so the threshold only has to follow growth (each analysis samples at most 30,000
 * rows: 1-2 s on a 228k-row table under load). With autoanalyze's 10 % a 217k-object job analyzed job-service's catalogue
 * every 5-10 s. SQL Server keeps its own statistics (AUTO_CREATE/AUTO_UPDATE_STATISTICS, on by default): nothing runs
 * there.
 */
@ApplicationScoped
public class TableStatistics {

    private static final Logger LOG = Logger.getLogger(TableStatistics.class);

    @Inject
    AgroalDataSource defaultDataSource;

    private record Table(AgroalDataSource dataSource, String name) {
    }

    private final Map<Table, AtomicLong> changed = new ConcurrentHashMap<>();
    /** Rows of the table at its last analysis (-1: never analyzed, as far as we know). */
    private final Map<Table, Long> rowsAtAnalysis = new ConcurrentHashMap<>();
    private final Map<AgroalDataSource, Boolean> postgres = new ConcurrentHashMap<>();

    /** Rows inserted, updated or deleted in a table of the service's default datasource. */
    public void changed(String table, long rows) {
        changed(defaultDataSource, table, rows);
    }

    /** Rows inserted, updated or deleted in a table of another datasource (refreshed only by {@link #refreshIfStale}). */
    public void changed(AgroalDataSource dataSource, String table, long rows) {
        if (rows > 0) {
            changed.computeIfAbsent(new Table(dataSource, table), t -> new AtomicLong()).addAndGet(rows);
        }
    }

    /** The default datasource's tables; another datasource's are refreshed where they are read by key lists. */
    @Scheduled(every = "${cmm.statistics.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshStale() {
        for (Table t : List.copyOf(changed.keySet())) {
            if (t.dataSource() == defaultDataSource) {
                refresh(t);
            }
        }
    }

    /** {@link #refreshIfStale(AgroalDataSource, String...)} for tables of the default datasource. */
    public void refreshIfStale(String... tables) {
        refreshIfStale(defaultDataSource, tables);
    }

    /**
     * Analyzes the tables whose statistics are stale (synchronously; on PostgreSQL only), outside the caller's transaction
     * if it has one (on connections of their own, so the analysis neither waits for nor holds up the caller's commit).
     * Never throws.
     */
    public void refreshIfStale(AgroalDataSource dataSource, String... tables) {
        QuarkusTransaction.suspendingExisting().run(() -> {
            for (String table : tables) {
                refresh(new Table(dataSource, table));
            }
        });
    }

    private void refresh(Table table) {
        try {
            synchronized (this) {
                if (!postgres(table.dataSource())) {
                    changed.remove(table);
                    return;
                }
                long rows = rowsAtAnalysis.computeIfAbsent(table, this::analyzedRows);
                long since = changed.computeIfAbsent(table, t -> new AtomicLong()).get();
                if (rows >= 0 && since <= 1000 + rows / 2) {
                    return;
                }
                long t0 = System.nanoTime();
                try (Connection c = table.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("ANALYZE " + table.name());
                }
                changed.get(table).addAndGet(-since);
                long now = analyzedRows(table);
                rowsAtAnalysis.put(table, now);
                double took = (System.nanoTime() - t0) / 1e9;
                LOG.logf(took >= 1 ? Logger.Level.INFO : Logger.Level.DEBUG, "analyzed %s (%d rows, %d changed since the last analysis) in %.2f s",
                        table.name(), now, since, took);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("statistics of %s not refreshed: %s", table.name(), e.toString());
        }
    }

    private boolean postgres(AgroalDataSource dataSource) {
        return postgres.computeIfAbsent(dataSource, ds -> {
            try (Connection c = ds.getConnection()) {
                return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Rows as of the table's last analysis (PostgreSQL's reltuples; -1 when it never was). */
    private long analyzedRows(Table table) {
        try (Connection c = table.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? (long) rs.getDouble(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
