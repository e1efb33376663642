package io.cmmigration.gathering.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The gathering state of each configured site, per object: the fingerprint of what was last published and acknowledged
 * (table gathered_object), the last-modified watermark per type (gathering_watermark), and what a running run published
 * (gathered_object_pending) which becomes the state only in {@link #commitRun}. Plain JDBC with batches: a site's state
 * is streamed, never held in memory.
 */
@ApplicationScoped
public class ObjectStateStore {

    static final int BATCH = 2000;

    @Inject
    DataSource dataSource;

    /** Stored fingerprints of the given keys of one type. */
    public Map<String, String> fingerprints(long siteId, String type, Collection<String> keys) {
        Map<String, String> result = new HashMap<>(keys.size() * 2);
        if (keys.isEmpty()) {
            return result;
        }
        StringBuilder sql = new StringBuilder("SELECT source_id, fingerprint FROM gathered_object WHERE site_id = ? AND object_type = ? AND source_id IN (");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, siteId);
            ps.setString(i++, type);
            for (String k : keys) {
                ps.setString(i++, k);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), rs.getString(2));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("reading gathering state failed: " + e.getMessage(), e);
        }
    }

    /** Streams the stored keys of one type (for removal detection). */
    public void storedKeys(long siteId, String type, Consumer<String> consumer) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT source_id FROM gathered_object WHERE site_id = ? AND object_type = ?")) {
                ps.setFetchSize(5000);
                ps.setLong(1, siteId);
                ps.setString(2, type);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(rs.getString(1));
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading gathering state failed: " + e.getMessage(), e);
        }
    }

    /** The stored state of one type, streamed into a compact in-memory table (one query per type, no per-chunk lookups). */
    public StoredState storedState(long siteId, String type) {
        StoredState state = new StoredState();
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    // 16 hex digits are all of the fingerprint the table keeps (StoredState.fingerprint64): a quarter of the bytes
                    "SELECT source_id, SUBSTRING(fingerprint, 1, 16), row_hash, children_hash FROM gathered_object WHERE site_id = ? AND object_type = ?")) {
                ps.setFetchSize(10000);
                ps.setLong(1, siteId);
                ps.setString(2, type);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long row = rs.getLong(3);
                        Long rowHash = rs.wasNull() ? null : row;
                        long child = rs.getLong(4);
                        Long childHash = rs.wasNull() ? null : child;
                        state.put(rs.getString(1), rs.getString(2), rowHash, childHash);
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
            return state;
        } catch (SQLException e) {
            throw new IllegalStateException("reading gathering state failed: " + e.getMessage(), e);
        }
    }

    public Map<String, LocalDateTime> watermarks(long siteId) {
        Map<String, LocalDateTime> result = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT object_type, watermark FROM gathering_watermark WHERE site_id = ?")) {
            ps.setLong(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), rs.getTimestamp(2).toLocalDateTime());
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("reading watermarks failed: " + e.getMessage(), e);
        }
    }

    public long storedCount(long siteId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM gathered_object WHERE site_id = ?")) {
            ps.setLong(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a batched writer of the pending rows of one run. */
    public PendingWriter pendingWriter(String runId, long siteId) {
        try {
            return new PendingWriter(dataSource.getConnection(), runId, siteId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the gathering state database: " + e.getMessage(), e);
        }
    }

    /**
     * Makes a fully acknowledged run the site's state, inside the caller's transaction (together with the status
     * change and its outbox event): removed objects leave, discovered and changed ones get their new fingerprint.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void commitRun(String runId, long siteId, Map<String, LocalDateTime> newWatermarks) {
        try (Connection c = dataSource.getConnection()) {
            commitRun(c, runId, siteId, newWatermarks);
        } catch (SQLException e) {
            throw new IllegalStateException("committing the gathering state failed: " + e.getMessage(), e);
        }
    }

    /** The statements of {@link #commitRun(String, long, Map)} on a given connection (its transaction). */
    static void commitRun(Connection c, String runId, long siteId, Map<String, LocalDateTime> newWatermarks) throws SQLException {
        update(c, "DELETE FROM gathered_object WHERE site_id = ? AND EXISTS (SELECT 1 FROM gathered_object_pending p "
                + "WHERE p.run_id = ? AND p.object_type = gathered_object.object_type AND p.source_id = gathered_object.source_id)", siteId, runId);
        update(c, "INSERT INTO gathered_object (site_id, object_type, source_id, fingerprint, row_hash, children_hash) "
                + "SELECT site_id, object_type, source_id, fingerprint, row_hash, children_hash FROM gathered_object_pending "
                + "WHERE run_id = ? AND change_kind <> 'REMOVED'", runId);
        update(c, "DELETE FROM gathered_object_pending WHERE run_id = ?", runId);
        for (Map.Entry<String, LocalDateTime> w : newWatermarks.entrySet()) {
            update(c, "DELETE FROM gathering_watermark WHERE site_id = ? AND object_type = ?", siteId, w.getKey());
            update(c, "INSERT INTO gathering_watermark (site_id, object_type, watermark) VALUES (?, ?, ?)", siteId, w.getKey(),
                    Timestamp.valueOf(w.getValue()));
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            CatalogueReader.bind(ps, java.util.Arrays.asList(params));
            return ps.executeUpdate();
        }
    }

    /** Drops what unfinished runs of a site left (a failed or crashed run never becomes state). */
    public void discardPending(long siteId) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "DELETE FROM gathered_object_pending WHERE site_id = ?", siteId);
        } catch (SQLException e) {
            throw new IllegalStateException("discarding pending gathering state failed: " + e.getMessage(), e);
        }
    }

    /** Forgets everything gathered for a site (clean up). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetSite(long siteId) {
        try (Connection c = dataSource.getConnection()) {
            for (String table : new String[] {"gathered_object_pending", "gathered_object", "gathering_watermark"}) {
                update(c, "DELETE FROM " + table + " WHERE site_id = ?", siteId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("forgetting gathering state failed: " + e.getMessage(), e);
        }
    }

    /**
     * Batched inserts of pending rows over one connection (auto-commit: a run's pending rows are not state). Batches of
     * {@link #BATCH} rows are written by a background thread while the run goes on reading and publishing (at most two
     * batches in flight, so memory stays bounded); {@link #flush()} waits for all of them and reports any failure.
     */
    public static final class PendingWriter implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement insert;
        private final String runId;
        private final long siteId;
        private final java.util.concurrent.ExecutorService writer;
        private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(2);
        private final java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        private java.util.List<Object[]> batch = new java.util.ArrayList<>(BATCH);

        PendingWriter(Connection connection, String runId, long siteId) throws SQLException {
            this.connection = connection;
            this.runId = runId;
            this.siteId = siteId;
            this.insert = connection.prepareStatement("INSERT INTO gathered_object_pending (run_id, site_id, object_type, source_id, fingerprint, "
                    + "change_kind, row_hash, children_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            this.writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "gathering-pending-" + runId.substring(0, 8));
                t.setDaemon(true);
                return t;
            });
        }

        public void add(String type, String sourceId, String fingerprint, String changeKind) {
            add(type, sourceId, fingerprint, changeKind, null, null);
        }

        public void add(String type, String sourceId, String fingerprint, String changeKind, Long rowHash, Long childrenHash) {
            batch.add(new Object[] {type, sourceId, fingerprint, changeKind, rowHash, childrenHash});
            if (batch.size() >= BATCH) {
                submit();
            }
        }

        private void submit() {
            check();
            java.util.List<Object[]> rows = batch;
            batch = new java.util.ArrayList<>(BATCH);
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing gathering state", e);
            }
            writer.execute(() -> {
                try {
                    write(rows);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            });
        }

        private void write(java.util.List<Object[]> rows) throws SQLException {
            for (Object[] r : rows) {
                insert.setString(1, runId);
                insert.setLong(2, siteId);
                insert.setString(3, (String) r[0]);
                insert.setString(4, (String) r[1]);
                insert.setString(5, (String) r[2]);
                insert.setString(6, (String) r[3]);
                if (r[4] == null) {
                    insert.setNull(7, java.sql.Types.BIGINT);
                } else {
                    insert.setLong(7, (Long) r[4]);
                }
                if (r[5] == null) {
                    insert.setNull(8, java.sql.Types.BIGINT);
                } else {
                    insert.setLong(8, (Long) r[5]);
                }
                insert.addBatch();
            }
            try {
                insert.executeBatch();
            } catch (SQLException e) {
                SQLException next = e.getNextException();
                throw next != null ? next : e;
            }
        }

        private void check() {
            Exception e = failure.get();
            if (e != null) {
                throw new IllegalStateException("writing gathering state failed: " + e.getMessage(), e);
            }
        }

        /** Writes what is buffered and waits until every batch is in the database. */
        public void flush() {
            if (!batch.isEmpty()) {
                submit();
            }
            try {
                inFlight.acquire(2);
                inFlight.release(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing gathering state", e);
            }
            check();
        }

        @Override
        public void close() {
            writer.shutdownNow();
            try {
                writer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                insert.close();
                connection.close();
            } catch (SQLException ignored) {
                // closing only
            }
        }
    }
}
