package io.cmmigration.job.catalogue.persistence;

import io.cmmigration.common.sql.InLists;
import com.fasterxml.jackson.core.type.TypeReference;
import io.agroal.api.AgroalDataSource;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.job.catalogue.domain.CatalogueObject;
import io.cmmigration.job.catalogue.domain.SourceObject;
import io.cmmigration.job.catalogue.domain.ObjectState;
import io.cmmigration.job.support.Json;
import io.cmmigration.job.support.Sql;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue tables (catalogue_object, catalogue_reference) through portable JDBC: the catalogue is the
 * high-volume store of the service (every gathered object), so reads and writes go in batches keyed by the natural key.
 * Every method runs on the caller's transaction (a connection obtained inside a JTA transaction is enlisted in it).
 */
@ApplicationScoped
public class CatalogueRepository {

    private static final TypeReference<List<ObjectReference>> REFS = new TypeReference<>() { };
    public static final String COLUMNS = "hierarchy_id, object_key, site_code, object_type, source_id, name, attributes, references_json, "
            + "source_version, fingerprint, last_modified, event_time, state, excluded, last_job_id, migrated_fingerprint, migrated_version, migrated_at";

    /**
     * The state users see (REST, dashboard figures): the stored state, except that an object waiting in a job
     * (SCHEDULED / PENDING_SCHEDULE) shows RUNNING while that job runs. RUNNING is derived from the job (the row's
     * {@code last_job_id}, set with the phase) instead of being stored: a job's start no longer rewrites every catalogue row of
     * the job (and its state index entry) only to change the phase. Needs {@link #FROM_SHOWN}; portable (no subquery, so it
     * may appear in SQL Server's GROUP BY).
     */
    public static final String SHOWN_STATE = "CASE WHEN co.state IN ('SCHEDULED', 'PENDING_SCHEDULE') AND rj.id IS NOT NULL THEN 'RUNNING' ELSE co.state END";
    /** The catalogue with the running job its row waits in, if any (migration_job is small; one primary-key probe per row). */
    public static final String FROM_SHOWN = " FROM catalogue_object co LEFT JOIN migration_job rj ON rj.id = co.last_job_id AND rj.status = 'RUNNING'";
    /** {@link #COLUMNS} over {@link #FROM_SHOWN}, the state being {@link #SHOWN_STATE}. */
    static final String SHOWN_COLUMNS = java.util.Arrays.stream(COLUMNS.split(",")).map(String::trim)
            .map(col -> col.equals("state") ? SHOWN_STATE + " AS state" : "co." + col).collect(java.util.stream.Collectors.joining(", "));

    @Inject
    AgroalDataSource dataSource;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Lock order of catalogue rows: every transaction that writes catalogue rows of more than one object (a job's creation,
     * start and stop, a chunk's bookkeeping, ingestion) locks them in ascending {@code (hierarchy_id, object_key)} order
     * before it writes them, so two such transactions can wait for each other but never deadlock (a job's creation and a
     * running job's bookkeeping did: 40P01 in a full-system run). Locking is a plain row lock, no write: PostgreSQL
     * {@code ORDER BY ... FOR UPDATE} (the rows are sorted before they are locked), SQL Server {@code WITH (UPDLOCK,
     * ROWLOCK)} over the clustered primary key (locked in key order as the seek runs). {@code sortedKeys} must be sorted by
     * {@link String#compareTo} (code-point order), which is PostgreSQL's {@code COLLATE "C"} order used here, so that the
     * statements of a long list (500 keys each) lock in one ascending sequence. (SQL Server locks in its column collation's
     * order, which may differ from code-point order for punctuation; a deadlock there is retried, see JobResource.)
     */
    public void lockInKeyOrder(Connection c, String hierarchyId, List<String> sortedKeys) throws SQLException {
        for (List<String> chunk : InLists.chunks(sortedKeys, Sql.IN_LIMIT)) {
            String where = " WHERE hierarchy_id = ? AND object_key IN (" + Sql.placeholders(chunk.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sqlServer()
                    ? "SELECT COUNT(*) FROM catalogue_object WITH (UPDLOCK, ROWLOCK)" + where
                    : "SELECT COUNT(*) FROM (SELECT object_key FROM catalogue_object" + where + " ORDER BY object_key COLLATE \"C\" FOR UPDATE) locked")) {
                ps.setString(1, hierarchyId);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                ps.executeQuery().close();
            }
        }
    }

    /**
     * {@link #lockInKeyOrder} for the catalogue rows of a job's objects (all, or those still NOT_STARTED), restricted to
     * rows matching {@code andWhere} (SQL over the catalogue row binding the job id once, or null).
     */
    public void lockJobRowsInKeyOrder(Connection c, String hierarchyId, long jobId, boolean onlyPending, String andWhere) throws SQLException {
        String where = " WHERE hierarchy_id = ? AND object_key IN (SELECT object_key FROM job_object WHERE job_id = ?"
                + (onlyPending ? " AND status = 'NOT_STARTED'" : "") + ")" + (andWhere == null ? "" : " AND " + andWhere);
        try (PreparedStatement ps = c.prepareStatement(sqlServer()
                ? "SELECT COUNT(*) FROM catalogue_object WITH (UPDLOCK, ROWLOCK)" + where
                : "SELECT COUNT(*) FROM (SELECT object_key FROM catalogue_object" + where + " ORDER BY object_key COLLATE \"C\" FOR UPDATE) locked")) {
            ps.setString(1, hierarchyId);
            ps.setLong(2, jobId);
            if (andWhere != null) {
                ps.setLong(3, jobId);
            }
            ps.executeQuery().close();
        }
    }

    private boolean sqlServer() {
        return dbKind != null && dbKind.toLowerCase(java.util.Locale.ROOT).contains("mssql");
    }

    /** What ingestion needs to decide whether an event is newer or different. */
    public record IngestState(Instant eventTime, String fingerprint, boolean removed) {
    }

    public Map<String, IngestState> ingestState(Connection c, String hierarchyId, Collection<String> keys) throws SQLException {
        Map<String, IngestState> out = new HashMap<>();
        for (List<String> chunk : InLists.chunks(keys, Sql.IN_LIMIT)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT object_key, event_time, fingerprint, removed FROM catalogue_object "
                    + "WHERE hierarchy_id = ? AND object_key IN (" + Sql.placeholders(chunk.size()) + ")")) {
                ps.setString(1, hierarchyId);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new IngestState(Sql.instant(rs, "event_time"), rs.getString(3), rs.getBoolean(4)));
                    }
                }
            }
        }
        return out;
    }

    public java.util.Set<String> excludedKeys(Connection c, String hierarchyId, Collection<String> keys) throws SQLException {
        return Sql.stringsIn(c, "SELECT object_key FROM exclusion WHERE hierarchy_id = ? AND object_key", List.of(hierarchyId), keys);
    }

    /** Inserts new objects (DISCOVERED/CHANGED never seen before, or a tombstone for a REMOVED one). */
    public void insert(Connection c, List<SourceObject> events, String[] fingerprintOf, java.util.Set<String> excluded) throws SQLException {
        Instant now = Instant.now();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO catalogue_object (hierarchy_id, object_key, site_code, object_type, "
                + "source_id, name, attributes, references_json, source_version, fingerprint, last_modified, event_time, removed, excluded, "
                + "failed, state, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < events.size(); i++) {
                SourceObject e = events.get(i);
                boolean removed = e.change() == io.cmmigration.events.ChangeKind.REMOVED;
                boolean ex = excluded.contains(e.objectKey());
                ps.setString(1, e.hierarchyId());
                ps.setString(2, e.objectKey());
                ps.setString(3, e.siteCode());
                ps.setString(4, e.objectType().name());
                ps.setString(5, e.sourceId());
                ps.setString(6, Sql.truncate(e.name(), 512));
                Sql.setText(ps, 7, e.attributesJson());
                Sql.setText(ps, 8, e.referencesJson());
                Sql.setLong(ps, 9, e.sourceVersion());
                ps.setString(10, fingerprintOf[i]);
                ps.setTimestamp(11, Sql.ts(e.lastModified()));
                ps.setTimestamp(12, Sql.ts(e.occurredAt()));
                ps.setBoolean(13, removed);
                ps.setBoolean(14, ex);
                ps.setBoolean(15, false);
                ps.setString(16, ObjectState.derive(removed, null, null, fingerprintOf[i], false, ex).name());
                ps.setTimestamp(17, Sql.ts(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Applies a newer, different version of known objects (a REMOVED event keeps the last known content). */
    public void update(Connection c, List<SourceObject> events, String[] fingerprintOf) throws SQLException {
        Instant now = Instant.now();
        try (PreparedStatement content = c.prepareStatement("UPDATE catalogue_object SET name = ?, attributes = ?, references_json = ?, "
                + "source_version = ?, fingerprint = ?, last_modified = ?, event_time = ?, removed = ?, updated_at = ? "
                + "WHERE hierarchy_id = ? AND object_key = ?");
                PreparedStatement removal = c.prepareStatement("UPDATE catalogue_object SET event_time = ?, removed = ?, updated_at = ? "
                        + "WHERE hierarchy_id = ? AND object_key = ?")) {
            for (int i = 0; i < events.size(); i++) {
                SourceObject e = events.get(i);
                if (e.change() == io.cmmigration.events.ChangeKind.REMOVED) {
                    removal.setTimestamp(1, Sql.ts(e.occurredAt()));
                    removal.setBoolean(2, true);
                    removal.setTimestamp(3, Sql.ts(now));
                    removal.setString(4, e.hierarchyId());
                    removal.setString(5, e.objectKey());
                    removal.addBatch();
                } else {
                    content.setString(1, Sql.truncate(e.name(), 512));
                    Sql.setText(content, 2, e.attributesJson());
                    Sql.setText(content, 3, e.referencesJson());
                    Sql.setLong(content, 4, e.sourceVersion());
                    content.setString(5, fingerprintOf[i]);
                    content.setTimestamp(6, Sql.ts(e.lastModified()));
                    content.setTimestamp(7, Sql.ts(e.occurredAt()));
                    content.setBoolean(8, false);
                    content.setTimestamp(9, Sql.ts(now));
                    content.setString(10, e.hierarchyId());
                    content.setString(11, e.objectKey());
                    content.addBatch();
                }
            }
            content.executeBatch();
            removal.executeBatch();
        }
    }

    /**
     * Replaces the reference rows of the given objects (used for dependants and dependency closure). Objects in
     * {@code newKeys} were inserted in this transaction and have no rows yet: their delete is skipped.
     */
    public void replaceReferences(Connection c, String hierarchyId, List<SourceObject> events, java.util.Set<String> newKeys) throws SQLException {
        List<String> keys = events.stream().map(SourceObject::objectKey).filter(k -> !newKeys.contains(k)).toList();
        for (List<String> chunk : InLists.chunks(keys, Sql.IN_LIMIT)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM catalogue_reference WHERE hierarchy_id = ? AND from_key IN ("
                    + Sql.placeholders(chunk.size()) + ")")) {
                ps.setString(1, hierarchyId);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO catalogue_reference (hierarchy_id, from_key, ref_name, to_key, target_type, required) "
                + "VALUES (?,?,?,?,?,?)")) {
            int n = 0;
            for (SourceObject e : events) {
                if (e.change() == io.cmmigration.events.ChangeKind.REMOVED) {
                    continue;
                }
                for (ObjectReference r : e.references()) {
                    if (r == null || r.targetType() == null || r.targetId() == null) {
                        continue;
                    }
                    ps.setString(1, hierarchyId);
                    ps.setString(2, e.objectKey());
                    ps.setString(3, Sql.truncate(r.name() == null ? "reference" : r.name(), 64));
                    ps.setString(4, r.targetKey());
                    ps.setString(5, r.targetType().name());
                    ps.setBoolean(6, r.required());
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Recomputes the derived state of the given objects from their current row values (see {@link ObjectState#STATE_SQL}), one statement per IN-list chunk. */
    public void recomputeState(Connection c, String hierarchyId, Collection<String> keys) throws SQLException {
        for (List<String> chunk : InLists.chunks(keys, Sql.IN_LIMIT)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE catalogue_object SET state = " + ObjectState.STATE_SQL
                    + " WHERE hierarchy_id = ? AND object_key IN (" + Sql.placeholders(chunk.size()) + ")")) {
                ps.setBoolean(1, true);
                ps.setBoolean(2, true);
                ps.setBoolean(3, true);
                ps.setString(4, hierarchyId);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(5 + i, chunk.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    public void recomputeStateOfHierarchy(Connection c, String hierarchyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE catalogue_object SET state = " + ObjectState.STATE_SQL + " WHERE hierarchy_id = ?")) {
            ps.setBoolean(1, true);
            ps.setBoolean(2, true);
            ps.setBoolean(3, true);
            ps.setString(4, hierarchyId);
            ps.executeUpdate();
        }
    }

    public void setExcluded(Connection c, String hierarchyId, Collection<String> keys, boolean excluded) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE catalogue_object SET excluded = ?, updated_at = ? WHERE hierarchy_id = ? AND object_key = ?")) {
            for (String k : keys) {
                ps.setBoolean(1, excluded);
                ps.setTimestamp(2, Sql.ts(Instant.now()));
                ps.setString(3, hierarchyId);
                ps.setString(4, k);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        recomputeState(c, hierarchyId, keys);
    }

    /** Filters of GET /api/objects. */
    public record Filter(String hierarchyId, ObjectType type, String siteCode, ObjectState state, String nameContains) {
    }

    public record Page(List<CatalogueObject> items, long total) {
    }

    public Page search(Connection c, Filter f, int page, int size, boolean withDocuments) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.hierarchyId() != null) {
            where.append(" AND co.hierarchy_id = ?");
            args.add(f.hierarchyId());
        }
        if (f.type() != null) {
            where.append(" AND co.object_type = ?");
            args.add(f.type().name());
        }
        if (f.siteCode() != null) {
            where.append(" AND co.site_code = ?");
            args.add(f.siteCode());
        }
        if (f.state() != null) {
            where.append(" AND " + SHOWN_STATE + " = ?");
            args.add(f.state().name());
        }
        if (f.nameContains() != null && !f.nameContains().isBlank()) {
            where.append(" AND LOWER(co.name) LIKE ?");
            args.add("%" + f.nameContains().toLowerCase(java.util.Locale.ROOT).replace("%", "") + "%");
        }
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + FROM_SHOWN + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<CatalogueObject> items = new ArrayList<>();
        // OFFSET ... FETCH is standard SQL (PostgreSQL and SQL Server 2012+ both accept it after ORDER BY).
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SHOWN_COLUMNS + FROM_SHOWN + where
                + " ORDER BY co.hierarchy_id, co.object_type, co.name, co.object_key OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            bind(ps, args);
            ps.setLong(args.size() + 1, (long) page * size);
            ps.setInt(args.size() + 2, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(map(rs, withDocuments));
                }
            }
        }
        return new Page(items, total);
    }

    public CatalogueObject find(Connection c, String hierarchyId, String key) throws SQLException {
        Map<String, CatalogueObject> m = findAll(c, hierarchyId, List.of(key));
        return m.get(key);
    }

    /** Objects by key (any number; queried in chunks), with their documents. */
    public Map<String, CatalogueObject> findAll(Connection c, String hierarchyId, Collection<String> keys) throws SQLException {
        Map<String, CatalogueObject> out = new LinkedHashMap<>();
        for (List<String> chunk : InLists.chunks(keys, Sql.IN_LIMIT)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SHOWN_COLUMNS + FROM_SHOWN + " WHERE co.hierarchy_id = ? AND co.object_key IN ("
                    + Sql.placeholders(chunk.size()) + ")")) {
                ps.setString(1, hierarchyId);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        CatalogueObject o = map(rs, true);
                        out.put(o.objectKey(), o);
                    }
                }
            }
        }
        return out;
    }

    /** Hierarchies whose catalogue has the key (the REST API accepts an object key without a hierarchy when it is unambiguous). */
    public List<String> hierarchiesOf(Connection c, String key) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT hierarchy_id FROM catalogue_object WHERE object_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public record Edge(String fromKey, String name, String toKey, ObjectType targetType, boolean required) {
    }

    public List<Edge> referencesFrom(Connection c, String hierarchyId, String key) throws SQLException {
        return edges(c, "SELECT from_key, ref_name, to_key, target_type, required FROM catalogue_reference WHERE hierarchy_id = ? AND from_key = ? ORDER BY ref_name, to_key",
                hierarchyId, key);
    }

    public List<Edge> referencesTo(Connection c, String hierarchyId, String key) throws SQLException {
        return edges(c, "SELECT from_key, ref_name, to_key, target_type, required FROM catalogue_reference WHERE hierarchy_id = ? AND to_key = ? ORDER BY from_key, ref_name",
                hierarchyId, key);
    }

    private List<Edge> edges(Connection c, String sql, String h, String k) throws SQLException {
        List<Edge> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, h);
            ps.setString(2, k);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Edge(rs.getString(1), rs.getString(2), rs.getString(3), ObjectType.valueOf(rs.getString(4)), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    /** Counts per type and state (for the dashboard figures). */
    public Map<String, Map<String, Long>> countsByTypeAndState(Connection c, String hierarchyId) throws SQLException {
        Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT object_type, state, COUNT(*) FROM (SELECT co.object_type, " + SHOWN_STATE
                + " AS state" + FROM_SHOWN + " WHERE co.hierarchy_id = ?) shown GROUP BY object_type, state")) {
            ps.setString(1, hierarchyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), t -> new java.util.TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        return out;
    }

    public List<String> hierarchies(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT hierarchy_id FROM catalogue_object"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Clean-up (spec §1.8): the hierarchy's catalogue and exclusion list go; migrated objects in the destination stay. */
    public void purge(Connection c, String hierarchyId) throws SQLException {
        for (String t : List.of("catalogue_reference", "catalogue_object", "exclusion")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE hierarchy_id = ?")) {
                ps.setString(1, hierarchyId);
                ps.executeUpdate();
            }
        }
    }

    static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    static CatalogueObject map(ResultSet rs, boolean withDocuments) throws SQLException {
        return new CatalogueObject(rs.getString("hierarchy_id"), rs.getString("object_key"), rs.getString("site_code"),
                ObjectType.valueOf(rs.getString("object_type")), rs.getString("source_id"), rs.getString("name"),
                withDocuments ? Json.readMap(rs.getString("attributes")) : null,
                withDocuments ? readRefs(rs.getString("references_json")) : null,
                Sql.longOrNull(rs, "source_version"), rs.getString("fingerprint"), Sql.instant(rs, "last_modified"), Sql.instant(rs, "event_time"),
                ObjectState.valueOf(rs.getString("state")), rs.getBoolean("excluded"), Sql.longOrNull(rs, "last_job_id"),
                rs.getString("migrated_fingerprint"), Sql.longOrNull(rs, "migrated_version"), Sql.instant(rs, "migrated_at"));
    }

    /** A catalogue row selected as {@link #COLUMNS} (each prefixed with a table alias) starting at column {@code base}; null if absent (outer join). */
    public static CatalogueObject mapAt(ResultSet rs, int base) throws SQLException {
        String h = rs.getString(base);
        if (h == null) {
            return null;
        }
        long sv = rs.getLong(base + 8);
        Long sourceVersion = rs.wasNull() ? null : sv;
        long lj = rs.getLong(base + 14);
        Long lastJob = rs.wasNull() ? null : lj;
        long mv = rs.getLong(base + 16);
        Long migratedVersion = rs.wasNull() ? null : mv;
        java.sql.Timestamp lm = rs.getTimestamp(base + 10);
        java.sql.Timestamp et = rs.getTimestamp(base + 11);
        java.sql.Timestamp ma = rs.getTimestamp(base + 17);
        return new CatalogueObject(h, rs.getString(base + 1), rs.getString(base + 2), ObjectType.valueOf(rs.getString(base + 3)), rs.getString(base + 4),
                rs.getString(base + 5), Json.readMap(rs.getString(base + 6)), readRefs(rs.getString(base + 7)), sourceVersion, rs.getString(base + 9),
                lm == null ? null : lm.toInstant(), et == null ? null : et.toInstant(), ObjectState.valueOf(rs.getString(base + 12)),
                rs.getBoolean(base + 13), lastJob, rs.getString(base + 15), migratedVersion, ma == null ? null : ma.toInstant());
    }

    static List<ObjectReference> readRefs(String json) {
        return json == null || json.isBlank() ? List.of() : Json.read(json, REFS);
    }
}
