package io.cmmigration.gathering.run;

import io.cmmigration.events.GatheringStatusEvent.TypeCounts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Map;
import java.util.TreeMap;

/** Everything one gathering run of one configured site works with. */
final class RunContext {

    final String hierarchyId;
    final String siteCode;
    final long siteId;
    final String runId;
    /** False on the first run (or after clean up): everything is read and published as discovered. */
    final boolean hasState;
    /** Streams the big main queries (cursor). */
    final Connection main;
    /** Short chunk queries (children, references, lookups) while the main query streams. */
    final Connection side;
    final int queryTimeoutSeconds;
    final ObjectPublisher.Delivery delivery;
    final ObjectStateStore store;
    final ObjectStateStore.PendingWriter pending;
    /** Milliseconds per type (and "DISTRIBUTION_POINT") of this run, for the debug log and the bench. */
    final Map<String, Long> millis = new java.util.LinkedHashMap<>();
    private final Map<String, long[]> counts = new TreeMap<>();
    /**
     * Whether a key column is numeric, per source database, query and column: kept for the life of the service, since a
     * ConfigMgr view does not change the type of its key columns, and asking costs a round trip and the planning of a
     * view (up to 15 ms on the simulator) for every child and relation query of every type of every run.
     */
    private static final Map<String, Boolean> NUMERIC_KEY_COLUMNS = new java.util.concurrent.ConcurrentHashMap<>();
    private final Runnable heartbeat;
    /** Opens one more streaming connection to the source (children and relations stream beside the main query). */
    private final java.util.function.Supplier<Connection> opener;
    private final java.util.List<Connection> streams = new java.util.ArrayList<>();
    private String product;
    private SourceDialect dialect;

    RunContext(String hierarchyId, String siteCode, long siteId, String runId, boolean hasState, Connection main, Connection side,
            int queryTimeoutSeconds, ObjectPublisher.Delivery delivery, ObjectStateStore store, ObjectStateStore.PendingWriter pending,
            Runnable heartbeat, java.util.function.Supplier<Connection> opener) {
        this.hierarchyId = hierarchyId;
        this.siteCode = siteCode;
        this.siteId = siteId;
        this.runId = runId;
        this.hasState = hasState;
        this.main = main;
        this.side = side;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.delivery = delivery;
        this.store = store;
        this.pending = pending;
        this.heartbeat = heartbeat;
        this.opener = opener;
    }

    /** The {@code i}-th extra streaming connection of the run (opened on first use, closed with the run). */
    Connection stream(int i) {
        while (streams.size() <= i) {
            streams.add(opener.get());
        }
        return streams.get(i);
    }

    /** Ends the read transactions of the extra connections (between types; releases their snapshots). */
    void endStreams() {
        for (Connection c : streams) {
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            } catch (SQLException ignored) {
                // a broken connection fails the next query with its own message
            }
        }
    }

    void closeStreams() {
        for (Connection c : streams) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing only
            }
        }
        streams.clear();
    }

    /** Lower-case database product name of the source ("postgresql", "microsoft sql server"). */
    String product() throws SQLException {
        if (product == null) {
            product = main.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        }
        return product;
    }

    /** Uses the given dialect instead of the one the source's product and version select (tests of the fallback). */
    void useDialect(SourceDialect dialect) {
        this.dialect = dialect;
    }

    /** How gathering's own SQL is written for this source (collation of text keys, row hashes). */
    SourceDialect dialect() throws SQLException {
        if (dialect == null) {
            dialect = SourceDialect.of(product(), main.getMetaData().getDatabaseMajorVersion());
        }
        return dialect;
    }

    void heartbeat() {
        heartbeat.run();
    }

    /** index 0 total, 1 discovered, 2 changed, 3 removed. */
    long[] counts(String type) {
        return counts.computeIfAbsent(type, t -> new long[4]);
    }

    Map<String, TypeCounts> typeCounts() {
        Map<String, TypeCounts> result = new TreeMap<>();
        counts.forEach((t, c) -> result.put(t, new TypeCounts(c[0], c[1], c[2], c[3])));
        return result;
    }

    long published() {
        return counts.values().stream().mapToLong(c -> c[1] + c[2] + c[3]).sum();
    }

    /** Whether {@code column} of {@code sql}'s result is numeric (decides how IN-list parameters are bound). */
    boolean numericColumn(String sql, String column) throws SQLException {
        String cacheKey = main.getMetaData().getURL() + "\u0000" + sql + "\u0000" + column;
        Boolean known = NUMERIC_KEY_COLUMNS.get(cacheKey);
        if (known != null) {
            return known;
        }
        boolean numeric = false;
        try (Statement s = side.createStatement()) {
            s.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet rs = s.executeQuery("SELECT * FROM (" + sql + ") q WHERE 1 = 0")) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (md.getColumnLabel(i).equalsIgnoreCase(column)) {
                        int t = md.getColumnType(i);
                        numeric = t == Types.INTEGER || t == Types.BIGINT || t == Types.SMALLINT || t == Types.TINYINT
                                || t == Types.NUMERIC || t == Types.DECIMAL;
                    }
                }
            }
        }
        NUMERIC_KEY_COLUMNS.put(cacheKey, numeric);
        return numeric;
    }
}
