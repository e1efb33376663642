package io.cmmigration.job.support;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Planner statistics of the high-volume tables, kept current by the service itself on PostgreSQL (what autovacuum's
 * auto-analyze does where it runs; this machine's PostgreSQL, the CI's and the full-system bench's, runs with
 * {@code autovacuum = off}, and a fresh table is never analyzed before a job hits it).
 * <p>
 * Why it matters: every keyed statement of the service is {@code hierarchy_id = ? AND object_key IN (500 keys)} (or
 * {@code job_id = ?} ...). Without statistics PostgreSQL guesses 0.5 % per key, i.e. that the IN list matches the whole
 * table, and picks the index on {@code (hierarchy_id, object_type, state)}: every 500-key statement then reads every
 * row of the hierarchy (measured on a 228k-row catalogue: 210-240 ms per statement, against 6 ms through the primary key
 * once analyzed). A job's bookkeeping runs four such statements per chunk: that was the ~1 s per chunk of the full system.
 * <p>
 * Callers report rows they changed; a table whose changes since its last analysis exceed 1,000 + 50 % of its rows (or
 * that was never analyzed) is analyzed by the periodic check, or at once by {@link #refreshIfStale} (a job's creation and
 * start, reconciliation). Keyed plans need little: once analyzed, {@code object_key} is known to be (nearly) unique at any
 * table size, so the threshold only has to follow growth (ingestion: analyses at ~1k, 2k, 4k ... rows; each analysis
 * samples at most 30,000 rows, 1-2 s on a 228k-row catalogue under load). With autoanalyze's 10 % a 217k-object job
 * analyzed the catalogue and the destination every 5-10 s (3 s of database time each round). SQL Server keeps its own statistics
 * (AUTO_CREATE/AUTO_UPDATE_STATISTICS, on by default, updated synchronously when a query compiles against stale ones), so
 * nothing runs there.
 */
@ApplicationScoped
public class TableStatistics {

    private static final Logger LOG = Logger.getLogger(TableStatistics.class);

    /** Tables of the service database whose statistics are kept. */
    public static final String CATALOGUE = "catalogue_object";
    public static final String REFERENCES = "catalogue_reference";
    public static final String JOB_OBJECTS = "job_object";
    /** Tables of the destination database (the local/test destination is PostgreSQL too). */
    public static final String DESTINATION = "migrated_object";
    public static final String DESTINATION_REFERENCES = "migrated_object_reference";
    private static final Set<String> DESTINATION_TABLES = Set.of(DESTINATION, DESTINATION_REFERENCES);

    @Inject
    AgroalDataSource service;

    @Inject
    @DataSource("destination")
    AgroalDataSource destination;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String serviceKind;

    @ConfigProperty(name = "quarkus.datasource.destination.db-kind")
    String destinationKind;

    private final Map<String, AtomicLong> changed = new ConcurrentHashMap<>();
    /** Rows of the table at its last analysis (-1: never analyzed, as far as we know). */
    private final Map<String, Long> rowsAtAnalysis = new ConcurrentHashMap<>();

    /** Rows inserted, updated or deleted in a table (counted towards its next analysis). */
    public void changed(String table, long rows) {
        if (rows > 0) {
            changed.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rows);
        }
    }

    /**
     * Service tables only: the destination's are refreshed when they are read by key lists (a job's start, reconciliation);
     * while a job writes them, its statements are single-key or primary-key IN lists, which plan well on any statistics.
     */
    @Scheduled(every = "${cmm.statistics.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshStale() {
        for (String table : Set.copyOf(changed.keySet())) {
            if (!DESTINATION_TABLES.contains(table)) {
                refreshIfStale(table);
            }
        }
    }

    /**
     * Analyzes the tables whose statistics are stale (synchronously; on PostgreSQL only), outside the caller's transaction
     * if it has one (on connections of their own, so the analysis neither waits for nor holds up the caller's commit).
     * Never throws.
     */
    public void refreshIfStale(String... tables) {
        io.quarkus.narayana.jta.QuarkusTransaction.suspendingExisting().run(() -> refresh(tables));
    }

    private void refresh(String... tables) {
        for (String table : tables) {
            try {
                synchronized (this) {
                    if (!postgres(table)) {
                        changed.remove(table);
                        continue;
                    }
                    long rows = rowsAtAnalysis.computeIfAbsent(table, this::analyzedRows);
                    long since = changed.computeIfAbsent(table, t -> new AtomicLong()).get();
                    if (rows >= 0 && since <= 1000 + rows / 2) {
                        continue;
                    }
                    long t0 = System.nanoTime();
                    try (Connection c = dataSource(table).getConnection(); Statement st = c.createStatement()) {
                        st.execute("ANALYZE " + table);
                    }
                    changed.get(table).addAndGet(-since);
                    long now = analyzedRows(table);
                    rowsAtAnalysis.put(table, now);
                    double took = (System.nanoTime() - t0) / 1e9;
                    LOG.logf(took >= 1 ? Logger.Level.INFO : Logger.Level.DEBUG, "analyzed %s (%d rows, %d changed since the last analysis) in %.2f s",
                            table, now, since, took);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("statistics of %s not refreshed: %s", table, e.toString());
            }
        }
    }

    private boolean postgres(String table) {
        return (DESTINATION_TABLES.contains(table) ? destinationKind : serviceKind).startsWith("postgres");
    }

    private AgroalDataSource dataSource(String table) {
        return DESTINATION_TABLES.contains(table) ? destination : service;
    }

    /** Rows as of the table's last analysis (PostgreSQL's reltuples; -1 when it never was). */
    private long analyzedRows(String table) {
        try (Connection c = dataSource(table).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? (long) rs.getDouble(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
