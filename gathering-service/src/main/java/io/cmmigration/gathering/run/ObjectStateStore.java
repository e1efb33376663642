package io.cmmigration.gathering.run;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

/**
 * The gathering state of each configured site, per object: the fingerprint of what was last published and acknowledged
 * (table gathered_object), the last-modified watermark per type (gathering_watermark), and what a running run published
 * (gathered_object_pending) which becomes the state only in {@link #commitRun}. Plain JDBC with batches: a site's state
 * is streamed, never held in memory.
 */
@ApplicationScoped
public class ObjectStateStore {

    static final int BATCH = 1000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager em;

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
        em.createNativeQuery("DELETE FROM gathered_object WHERE site_id = ?1 AND EXISTS (SELECT 1 FROM gathered_object_pending p "
                + "WHERE p.run_id = ?2 AND p.object_type = gathered_object.object_type AND p.source_id = gathered_object.source_id)")
                .setParameter(1, siteId).setParameter(2, runId).executeUpdate();
        em.createNativeQuery("INSERT INTO gathered_object (site_id, object_type, source_id, fingerprint) "
                + "SELECT site_id, object_type, source_id, fingerprint FROM gathered_object_pending WHERE run_id = ?1 AND change_kind <> 'REMOVED'")
                .setParameter(1, runId).executeUpdate();
        em.createNativeQuery("DELETE FROM gathered_object_pending WHERE run_id = ?1").setParameter(1, runId).executeUpdate();
        for (Map.Entry<String, LocalDateTime> w : newWatermarks.entrySet()) {
            em.createNativeQuery("DELETE FROM gathering_watermark WHERE site_id = ?1 AND object_type = ?2")
                    .setParameter(1, siteId).setParameter(2, w.getKey()).executeUpdate();
            em.createNativeQuery("INSERT INTO gathering_watermark (site_id, object_type, watermark) VALUES (?1, ?2, ?3)")
                    .setParameter(1, siteId).setParameter(2, w.getKey()).setParameter(3, Timestamp.valueOf(w.getValue())).executeUpdate();
        }
    }

    /** Drops what unfinished runs of a site left (a failed or crashed run never becomes state). */
    @Transactional
    public void discardPending(long siteId) {
        em.createNativeQuery("DELETE FROM gathered_object_pending WHERE site_id = ?1").setParameter(1, siteId).executeUpdate();
    }

    /** Forgets everything gathered for a site (clean up). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetSite(long siteId) {
        for (String table : new String[] {"gathered_object_pending", "gathered_object", "gathering_watermark"}) {
            em.createNativeQuery("DELETE FROM " + table + " WHERE site_id = ?1").setParameter(1, siteId).executeUpdate();
        }
    }

    /** Batched inserts of pending rows over one connection (auto-commit: a run's pending rows are not state). */
    public static final class PendingWriter implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement insert;
        private final String runId;
        private final long siteId;
        private int batched;

        PendingWriter(Connection connection, String runId, long siteId) throws SQLException {
            this.connection = connection;
            this.runId = runId;
            this.siteId = siteId;
            this.insert = connection.prepareStatement("INSERT INTO gathered_object_pending (run_id, site_id, object_type, source_id, fingerprint, change_kind) "
                    + "VALUES (?, ?, ?, ?, ?, ?)");
        }

        public void add(String type, String sourceId, String fingerprint, String changeKind) {
            try {
                insert.setString(1, runId);
                insert.setLong(2, siteId);
                insert.setString(3, type);
                insert.setString(4, sourceId);
                insert.setString(5, fingerprint);
                insert.setString(6, changeKind);
                insert.addBatch();
                if (++batched >= BATCH) {
                    flush();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("writing gathering state failed: " + e.getMessage(), e);
            }
        }

        public void flush() {
            if (batched == 0) {
                return;
            }
            try {
                insert.executeBatch();
                batched = 0;
            } catch (SQLException e) {
                SQLException next = e.getNextException();
                throw new IllegalStateException("writing gathering state failed: " + (next != null ? next.getMessage() : e.getMessage()), e);
            }
        }

        @Override
        public void close() {
            try {
                insert.close();
                connection.close();
            } catch (SQLException ignored) {
                // closing only
            }
        }
    }
}
