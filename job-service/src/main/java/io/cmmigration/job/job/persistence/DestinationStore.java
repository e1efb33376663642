package io.cmmigration.job.job.persistence;

import io.cmmigration.common.sql.InLists;
import io.agroal.api.AgroalDataSource;
import io.cmmigration.job.job.domain.DestinationTransformer;
import io.cmmigration.job.job.domain.DestinationTransformer.Destination;
import io.cmmigration.job.job.domain.DestinationTransformer.ReferenceOut;
import io.cmmigration.job.support.Json;
import io.cmmigration.job.support.Sql;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The destination database (datasource "destination"): migrated objects (carrying their natural key, which is the id
 * mapping: view {@code id_mapping}) and their references.
 * Idempotent batched upserts in portable SQL: the existing ids of a batch are read in bulk, then new rows are batch
 * inserted and existing ones batch updated, in one local transaction per batch.
 */
@ApplicationScoped
public class DestinationStore {

    @Inject
    @DataSource("destination")
    AgroalDataSource destination;

    /** The destination database (for its planner statistics). */
    public AgroalDataSource dataSource() {
        return destination;
    }

    public Connection connection() throws SQLException {
        Connection c = destination.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    /** What the destination holds for an id. */
    public record Existing(String destinationId, long jobId, String sourceFingerprint, String contentHash, String destinationType, String name,
            String folder, String attributes, String objectType, String sourceSite, String sourceId) {
    }

    public Map<String, Existing> existing(Connection c, Collection<String> ids, boolean withDocuments) throws SQLException {
        Map<String, Existing> out = new HashMap<>();
        String cols = withDocuments ? "destination_id, job_id, source_fingerprint, content_hash, destination_type, name, folder, attributes, object_type, source_site, source_id"
                : "destination_id, job_id, source_fingerprint";
        for (List<String> chunk : InLists.chunks(ids, Sql.IN_LIMIT)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + cols + " FROM migrated_object WHERE destination_id IN (" + Sql.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), withDocuments
                                ? new Existing(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11))
                                : new Existing(rs.getString(1), rs.getLong(2), rs.getString(3), null, null, null, null, null, null, null, null));
                    }
                }
            }
        }
        return out;
    }

    /** Stored references of objects: destination id -> (target key -> target destination id or null). */
    public Map<String, Map<String, String>> references(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (List<String> chunk : InLists.chunks(ids, Sql.IN_LIMIT)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT destination_id, target_source_key, target_destination_id FROM migrated_object_reference "
                    + "WHERE destination_id IN (" + Sql.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        return out;
    }

    /**
     * A row to write: the transformed object plus its lineage, and its attribute document as stored with the content hash
     * computed from that text ({@link Destination#document()}, serialized once, by whoever builds the write).
     */
    public record Write(String hierarchyId, String sourceSite, String objectType, String sourceId, Destination d, Long sourceVersion,
            String sourceFingerprint, DestinationTransformer.Document document) {

        public Write(String hierarchyId, String sourceSite, String objectType, String sourceId, Destination d, Long sourceVersion,
                String sourceFingerprint) {
            this(hierarchyId, sourceSite, objectType, sourceId, d, sourceVersion, sourceFingerprint, d.document());
        }

        /** The same object and lineage with another destination form (transformed again). */
        public Write with(Destination other) {
            return new Write(hierarchyId, sourceSite, objectType, sourceId, other, sourceVersion, sourceFingerprint);
        }
    }

    public void write(Connection c, long jobId, List<String> securityScopes, List<Write> inserts, List<Write> updates) throws SQLException {
        Instant now = Instant.now();
        String scopes = Json.write(securityScopes);
        if (!inserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO migrated_object (destination_type, name, folder, security_scopes, content_owner_site, "
                    + "attributes, content_hash, source_version, source_fingerprint, job_id, migrated_at, warnings, hierarchy_id, source_site, object_type, "
                    + "source_id, destination_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (Write w : inserts) {
                    bindRow(ps, w, jobId, scopes, now);
                    ps.setString(13, w.hierarchyId());
                    ps.setString(14, w.sourceSite());
                    ps.setString(15, w.objectType());
                    ps.setString(16, w.sourceId());
                    ps.setString(17, w.d().destinationId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE migrated_object SET destination_type = ?, name = ?, folder = ?, security_scopes = ?, "
                    + "content_owner_site = ?, attributes = ?, content_hash = ?, source_version = ?, source_fingerprint = ?, job_id = ?, migrated_at = ?, "
                    + "warnings = ? WHERE destination_id = ?")) {
                for (Write w : updates) {
                    bindRow(ps, w, jobId, scopes, now);
                    ps.setString(13, w.d().destinationId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<String> ids = updates.stream().map(w -> w.d().destinationId()).toList();
            for (List<String> chunk : InLists.chunks(ids, Sql.IN_LIMIT)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM migrated_object_reference WHERE destination_id IN (" + Sql.placeholders(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    ps.executeUpdate();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO migrated_object_reference (destination_id, ref_name, target_source_key, "
                + "target_destination_id, required) VALUES (?,?,?,?,?)")) {
            int n = 0;
            for (List<Write> list : List.of(inserts, updates)) {
                for (Write w : list) {
                    for (ReferenceOut r : w.d().references()) {
                        ps.setString(1, w.d().destinationId());
                        ps.setString(2, Sql.truncate(r.name(), 64));
                        ps.setString(3, r.targetKey());
                        ps.setString(4, r.targetDestinationId());
                        ps.setBoolean(5, r.required());
                        ps.addBatch();
                        n++;
                    }
                }
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
    }

    private static void bindRow(PreparedStatement ps, Write w, long jobId, String scopes, Instant now) throws SQLException {
        Destination d = w.d();
        ps.setString(1, d.destinationType());
        ps.setString(2, Sql.truncate(d.name(), 512));
        ps.setString(3, Sql.truncate(d.folder(), 1000));
        ps.setString(4, scopes);
        ps.setString(5, d.contentOwnerSite());
        Sql.setText(ps, 6, w.document().attributesJson());
        ps.setString(7, w.document().contentHash());
        Sql.setLong(ps, 8, w.sourceVersion());
        ps.setString(9, w.sourceFingerprint());
        ps.setLong(10, jobId);
        ps.setTimestamp(11, Sql.ts(now));
        ps.setString(12, d.warnings().isEmpty() ? null : Sql.truncate(String.join("; ", d.warnings()), 2000));
    }

    /**
     * Which of the given source ids of one (hierarchy, source site, type) the destination holds, by the natural key (its
     * unique index): one statement per 500 ids, no catalogue read needed to know the destination ids (clients' ids are
     * their GUIDs, known only from the catalogue document).
     */
    public java.util.Set<String> presentSourceIds(Connection c, String hierarchyId, String sourceSite, String objectType, Collection<String> sourceIds)
            throws SQLException {
        return Sql.stringsIn(c, "SELECT source_id FROM migrated_object WHERE hierarchy_id = ? AND source_site = ? AND object_type = ? AND source_id",
                List.of(hierarchyId, sourceSite, objectType), sourceIds);
    }

    /** Ids of a job's rows, in pages (reconciliation streams through them). */
    public List<String> idsOfJob(Connection c, long jobId, String afterId, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT destination_id FROM migrated_object WHERE job_id = ? AND destination_id > ? "
                + "ORDER BY destination_id OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            ps.setLong(1, jobId);
            ps.setString(2, afterId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
