package io.cmmigration.gathering.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The gathering state of each configured site, per object: the fingerprint and row/child hashes of what was last
 * published and acknowledged (table gathered_object), and what a running run published
 * (gathered_object_pending) which becomes the state only in {@link #commitRun}. Plain JDBC with batches: a site's state
 * is streamed, never held in memory.
 */
@ApplicationScoped
public class ObjectStateStore {

    static final int BATCH = 2000;

    @Inject
    DataSource dataSource;

    /** False: pending rows go through the portable JDBC batch path also on PostgreSQL (tests of that path). */
    boolean copyIfPostgres = true;

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

    /** Whether anything is stored for the site (one index probe, not a count of a site's objects). */
    public boolean hasStoredState(long siteId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN EXISTS (SELECT 1 FROM gathered_object WHERE site_id = ?) THEN 1 ELSE 0 END")) {
            ps.setLong(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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
        return pendingWriter(runId, siteId, false);
    }

    /**
     * Opens the writer of one run's state; {@code direct} (a site with nothing stored): on PostgreSQL the rows go straight
     * into gathered_object in one transaction that {@link PendingWriter#commit} commits with the run (elsewhere the
     * pending table, see {@link PendingWriter#direct()}).
     */
    public PendingWriter pendingWriter(String runId, long siteId, boolean direct) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            return new PendingWriter(c, runId, siteId, copyIfPostgres, direct);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing only
                }
            }
            throw new IllegalStateException("cannot open the gathering state database: " + e.getMessage(), e);
        }
    }

    /**
     * Makes a fully acknowledged run the site's state, inside the caller's transaction (together with the status
     * change and its outbox event): removed objects leave, discovered and changed ones get their new fingerprint.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void commitRun(String runId, long siteId) {
        try (Connection c = dataSource.getConnection()) {
            commitRun(c, runId, siteId);
        } catch (SQLException e) {
            throw new IllegalStateException("committing the gathering state failed: " + e.getMessage(), e);
        }
    }

    /** The statements of {@link #commitRun(String, long)} on a given connection (its transaction). */
    static void commitRun(Connection c, String runId, long siteId) throws SQLException {
        update(c, "DELETE FROM gathered_object WHERE site_id = ? AND EXISTS (SELECT 1 FROM gathered_object_pending p "
                + "WHERE p.run_id = ? AND p.object_type = gathered_object.object_type AND p.source_id = gathered_object.source_id)", siteId, runId);
        update(c, "INSERT INTO gathered_object (site_id, object_type, source_id, fingerprint, row_hash, children_hash) "
                + "SELECT site_id, object_type, source_id, fingerprint, row_hash, children_hash FROM gathered_object_pending "
                + "WHERE run_id = ? AND change_kind <> 'REMOVED'", runId);
        update(c, "DELETE FROM gathered_object_pending WHERE run_id = ?", runId);
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
            for (String table : new String[] {"gathered_object_pending", "gathered_object"}) {
                update(c, "DELETE FROM " + table + " WHERE site_id = ?", siteId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("forgetting gathering state failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the pending rows of one run over one connection (auto-commit: a run's pending rows are not state). Rows are
     * collected in batches of {@link #BATCH} and written by a background thread while the run goes on reading and
     * publishing (at most two batches in flight, so memory stays bounded); {@link #flush()} waits for all of them and
     * reports any failure. On PostgreSQL each batch is one {@code COPY ... FROM STDIN} (PgJDBC's CopyManager: the rows as
     * tab-separated text, no per-parameter binding; {@link #copies()}), elsewhere (SQL Server) a JDBC batch of INSERTs.
     *
     * <p><b>Direct</b> ({@link #direct()}: the first gathering of a site, nothing stored; PostgreSQL): every row is a DISCOVERED
     * object, so there is nothing to delete or replace at the end; the rows go straight into gathered_object inside one
     * transaction of this connection, which {@link #commit()} commits as the last step of the run's commit (after every
     * send was acknowledged and the status change is flushed). A failed or abandoned run rolls it back
     * ({@link #close()}), so nothing is state before it is acknowledged, as with the pending table; and the end of the
     * run does not move 228k rows from one table to the other.
     */
    public static final class PendingWriter implements AutoCloseable {
        static final String COLUMNS = "run_id, site_id, object_type, source_id, fingerprint, change_kind, row_hash, children_hash";
        static final String STATE_COLUMNS = "site_id, object_type, source_id, fingerprint, row_hash, children_hash";

        private final Connection connection;
        private final Sink sink;
        private final String runId;
        private final long siteId;
        private final java.util.concurrent.ExecutorService writer;
        private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(2);
        private final java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        private java.util.List<Row> batch = new java.util.ArrayList<>(BATCH);
        private final boolean direct;
        private boolean committed;

        /**
         * {@code copyIfPostgres} false: the portable JDBC batch path also on PostgreSQL (tests of that path);
         * {@code direct}: rows into gathered_object in one transaction (see the class comment).
         */
        PendingWriter(Connection connection, String runId, long siteId, boolean copyIfPostgres, boolean direct) throws SQLException {
            this.connection = connection;
            this.runId = runId;
            this.siteId = siteId;
            boolean copy = copyIfPostgres && connection.isWrapperFor(org.postgresql.PGConnection.class);
            // Direct writes on PostgreSQL only: SQL Server escalates more than 5,000 row locks of one transaction to a
            // table lock, which would hold gathered_object (other sites' runs and commits) for the whole first gathering.
            this.direct = direct && copy;
            if (this.direct) {
                connection.setAutoCommit(false);
            }
            this.sink = copy ? new CopySink(connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI(), runId, siteId, this.direct)
                    : new BatchSink(connection, runId, siteId);
            this.writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "gathering-pending-" + runId.substring(0, Math.min(8, runId.length())));
                t.setDaemon(true);
                return t;
            });
        }

        /** Whether batches are written with COPY (PostgreSQL) rather than JDBC batches. */
        public boolean copies() {
            return sink instanceof CopySink;
        }

        /**
         * Whether the rows go straight into gathered_object (first gathering of the site, PostgreSQL) rather than the
         * pending table.
         */
        public boolean direct() {
            return direct;
        }

        /**
         * Direct mode: makes the rows written the site's state (after {@link #flush()}; the caller does it as the last
         * step of committing the run). Does nothing for the pending table, whose rows {@code commitRun} moves.
         */
        public void commit() {
            if (!direct || committed) {
                return;
            }
            check();
            try {
                connection.commit();
                committed = true;
            } catch (SQLException e) {
                throw new IllegalStateException("committing the gathering state failed: " + e.getMessage(), e);
            }
        }

        /** A row without hashes (a removed object). */
        public void add(String type, String sourceId, String fingerprint, String changeKind) {
            add(new Row(type, sourceId, fingerprint, changeKind, false, 0, 0));
        }

        public void add(String type, String sourceId, String fingerprint, String changeKind, long rowHash, long childrenHash) {
            add(new Row(type, sourceId, fingerprint, changeKind, true, rowHash, childrenHash));
        }

        private void add(Row row) {
            if (direct && !"DISCOVERED".equals(row.changeKind())) {
                throw new IllegalStateException("a first gathering writes discovered objects only, not " + row.changeKind() + " " + row.sourceId());
            }
            batch.add(row);
            if (batch.size() >= BATCH) {
                submit();
            }
        }

        private void submit() {
            check();
            java.util.List<Row> rows = batch;
            batch = new java.util.ArrayList<>(BATCH);
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing gathering state", e);
            }
            writer.execute(() -> {
                try {
                    sink.write(rows);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            });
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
                sink.close();
                if (direct && !committed) {
                    connection.rollback(); // a failed or abandoned first gathering leaves no state
                }
            } catch (SQLException ignored) {
                // closing only: an open transaction ends with the connection
            }
            try {
                if (direct) {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // returned to the pool as it is
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing only
            }
        }

        /** One pending row; {@code hashed} false: row and child hash are NULL. */
        record Row(String type, String sourceId, String fingerprint, String changeKind, boolean hashed, long rowHash, long childrenHash) {
        }

        private interface Sink {
            void write(java.util.List<Row> rows) throws SQLException;

            void close() throws SQLException;
        }

        /** The portable path: one JDBC batch of INSERTs per batch of rows. */
        private static final class BatchSink implements Sink {
            private final PreparedStatement insert;
            private final String runId;
            private final long siteId;

            BatchSink(Connection connection, String runId, long siteId) throws SQLException {
                this.insert = connection.prepareStatement("INSERT INTO gathered_object_pending (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                this.runId = runId;
                this.siteId = siteId;
            }

            @Override
            public void write(java.util.List<Row> rows) throws SQLException {
                for (Row r : rows) {
                    insert.setString(1, runId);
                    insert.setLong(2, siteId);
                    insert.setString(3, r.type());
                    insert.setString(4, r.sourceId());
                    insert.setString(5, r.fingerprint());
                    insert.setString(6, r.changeKind());
                    if (r.hashed()) {
                        insert.setLong(7, r.rowHash());
                        insert.setLong(8, r.childrenHash());
                    } else {
                        insert.setNull(7, java.sql.Types.BIGINT);
                        insert.setNull(8, java.sql.Types.BIGINT);
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

            @Override
            public void close() throws SQLException {
                insert.close();
            }
        }

        /**
         * PostgreSQL: one {@code COPY gathered_object_pending FROM STDIN} per batch, the rows in COPY's text format
         * (tab-separated, {@code \N} for NULL, backslash, tab, newline and carriage return escaped), UTF-8.
         */
        static final class CopySink implements Sink {
            private final org.postgresql.copy.CopyManager copy;
            private final byte[] prefix;
            private final boolean direct;
            private final String sql;
            private byte[] buf = new byte[256 * 1024];
            private int len;

            CopySink(org.postgresql.copy.CopyManager copy, String runId, long siteId, boolean direct) {
                this.copy = copy;
                this.direct = direct;
                StringBuilder p = new StringBuilder();
                if (!direct) {
                    escape(p, runId);
                    p.append('\t');
                }
                p.append(siteId).append('\t');
                this.prefix = p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                this.sql = direct ? "COPY gathered_object (" + STATE_COLUMNS + ") FROM STDIN" : "COPY gathered_object_pending (" + COLUMNS + ") FROM STDIN";
            }

            @Override
            public void write(java.util.List<Row> rows) throws SQLException {
                len = 0;
                for (Row r : rows) {
                    put(prefix);
                    text(r.type());
                    tab();
                    text(r.sourceId());
                    tab();
                    text(r.fingerprint());
                    tab();
                    if (!direct) {
                        text(r.changeKind());
                        tab();
                    }
                    if (r.hashed()) {
                        ascii(Long.toString(r.rowHash()));
                        tab();
                        ascii(Long.toString(r.childrenHash()));
                    } else {
                        ascii("\\N\t\\N");
                    }
                    room(1);
                    buf[len++] = '\n';
                }
                org.postgresql.copy.CopyIn in = copy.copyIn(sql);
                try {
                    in.writeToCopy(buf, 0, len);
                    in.endCopy();
                } finally {
                    if (in.isActive()) {
                        in.cancelCopy();
                    }
                }
            }

            private void tab() {
                room(1);
                buf[len++] = '\t';
            }

            private void put(byte[] b) {
                room(b.length);
                System.arraycopy(b, 0, buf, len, b.length);
                len += b.length;
            }

            private void ascii(String s) {
                int n = s.length();
                room(n);
                for (int i = 0; i < n; i++) {
                    buf[len++] = (byte) s.charAt(i);
                }
            }

            /** A text value (or NULL) in COPY's text format, UTF-8. */
            private void text(String s) {
                if (s == null) {
                    ascii("\\N");
                    return;
                }
                int n = s.length();
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    if (c >= 0x80 || c == '\\' || c < 0x20) {
                        // rare in ConfigMgr keys: the general path for the rest of the value
                        StringBuilder sb = new StringBuilder(n + 8);
                        escape(sb, s.substring(i));
                        room(i);
                        for (int j = 0; j < i; j++) {
                            buf[len++] = (byte) s.charAt(j);
                        }
                        put(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        return;
                    }
                }
                ascii(s);
            }

            static void escape(StringBuilder out, String s) {
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    switch (c) {
                        case '\\' -> out.append("\\\\");
                        case '\t' -> out.append("\\t");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        default -> out.append(c);
                    }
                }
            }

            private void room(int n) {
                if (len + n > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
                }
            }

            @Override
            public void close() {
                // nothing held besides the connection
            }
        }
    }
}
