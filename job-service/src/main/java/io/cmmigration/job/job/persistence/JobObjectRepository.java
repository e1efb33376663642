package io.cmmigration.job.job.persistence;

import io.cmmigration.common.sql.InLists;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.job.support.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The objects of a job (SMS_MigrationJobEntityRelation, spec §6.6), written and read with JDBC batches. */
@ApplicationScoped
public class JobObjectRepository {

    @jakarta.inject.Inject
    io.cmmigration.job.catalogue.persistence.CatalogueRepository catalogue;

    /** One object of a job, in write order. */
    public record JobObject(long jobId, String objectKey, ObjectType objectType, String siteCode, String sourceId, String name,
            int writeRank, int depth, String selectedBy, JobObjectStatusEvent.Status status, int messageCode, String message,
            Instant updatedAt) {
    }

    public void insert(Connection c, List<JobObject> objects) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_object (job_id, object_key, object_type, site_code, source_id, name, "
                + "write_rank, depth, selected_by, status, message_code, message, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int n = 0;
            for (JobObject o : objects) {
                ps.setLong(1, o.jobId());
                ps.setString(2, o.objectKey());
                ps.setString(3, o.objectType().name());
                ps.setString(4, o.siteCode());
                ps.setString(5, o.sourceId());
                ps.setString(6, Sql.truncate(o.name(), 512));
                ps.setInt(7, o.writeRank());
                ps.setInt(8, o.depth());
                ps.setString(9, o.selectedBy());
                ps.setString(10, o.status().name());
                ps.setInt(11, o.messageCode());
                ps.setString(12, o.message());
                ps.setTimestamp(13, Sql.ts(o.updatedAt()));
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** The next objects still to write, in dependency order (type rank, then parents before children, then key). */
    public List<JobObject> nextPending(Connection c, long jobId, int limit) throws SQLException {
        List<JobObject> out = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM job_object WHERE job_id = ? AND status = ? "
                + "ORDER BY write_rank, depth, object_key OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            ps.setLong(1, jobId);
            ps.setString(2, JobObjectStatusEvent.Status.NOT_STARTED.name());
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    /** A pending object of a job with its catalogue document (null when the catalogue no longer has it). */
    public record Pending(JobObject object, io.cmmigration.job.catalogue.domain.CatalogueObject document) {
    }

    private static final String JOB_COLUMNS = "jo.job_id, jo.object_key, jo.object_type, jo.site_code, jo.source_id, jo.name, jo.write_rank, jo.depth, "
            + "jo.selected_by, jo.status, jo.message_code, jo.message, jo.updated_at";
    private static final String DOC_COLUMNS = java.util.Arrays.stream(io.cmmigration.job.catalogue.persistence.CatalogueRepository.COLUMNS.split(","))
            .map(col -> "co." + col.trim()).collect(java.util.stream.Collectors.joining(", "));

    /**
     * The next chunk of objects still to write, in dependency order, each with its catalogue document: one statement per
     * chunk (job objects joined to the catalogue). Keyset paging ({@code after} = last object of the previous chunk, null at
     * the start or on resume) walks the order index forward instead of re-reading the rows already recorded.
     */
    public List<Pending> nextPendingWithDocuments(Connection c, long jobId, String hierarchyId, JobObject after, int limit) throws SQLException {
        String keyset = after == null ? "" : " AND (jo.write_rank > ? OR (jo.write_rank = ? AND jo.depth > ?) OR (jo.write_rank = ? AND jo.depth = ? AND jo.object_key > ?))";
        List<Pending> out = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + ", " + DOC_COLUMNS + " FROM job_object jo LEFT JOIN catalogue_object co "
                + "ON co.hierarchy_id = ? AND co.object_key = jo.object_key WHERE jo.job_id = ? AND jo.status = ?" + keyset
                + " ORDER BY jo.write_rank, jo.depth, jo.object_key OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            int i = 1;
            ps.setString(i++, hierarchyId);
            ps.setLong(i++, jobId);
            ps.setString(i++, JobObjectStatusEvent.Status.NOT_STARTED.name());
            if (after != null) {
                ps.setInt(i++, after.writeRank());
                ps.setInt(i++, after.writeRank());
                ps.setInt(i++, after.depth());
                ps.setInt(i++, after.writeRank());
                ps.setInt(i++, after.depth());
                ps.setString(i++, after.objectKey());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JobObject jo = new JobObject(rs.getLong(1), rs.getString(2), ObjectType.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getString(9), JobObjectStatusEvent.Status.valueOf(rs.getString(10)),
                            rs.getInt(11), rs.getString(12), rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant());
                    out.add(new Pending(jo, io.cmmigration.job.catalogue.persistence.CatalogueRepository.mapAt(rs, 14)));
                }
            }
        }
        return out;
    }

    public record Outcome(String objectKey, JobObjectStatusEvent.Status status, int messageCode, String message) {
    }

    /**
     * Records the outcomes of a batch set-based: outcomes with the same status, code and message (in a bulk job nearly all
     * are "COMPLETED / migrated") become one {@code UPDATE ... WHERE object_key IN (...)} per group and IN-list chunk
     * instead of one statement per object.
     */
    public void record(Connection c, long jobId, List<Outcome> outcomes) throws SQLException {
        Instant now = Instant.now();
        Map<Outcome, List<String>> groups = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            groups.computeIfAbsent(new Outcome(null, o.status(), o.messageCode(), Sql.truncate(o.message(), 2000)), k -> new ArrayList<>())
                    .add(o.objectKey());
        }
        for (Map.Entry<Outcome, List<String>> g : groups.entrySet()) {
            for (List<String> keys : InLists.chunks(g.getValue(), Sql.IN_LIMIT)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE job_object SET status = ?, message_code = ?, message = ?, updated_at = ? "
                        + "WHERE job_id = ? AND object_key IN (" + Sql.placeholders(keys.size()) + ")")) {
                    ps.setString(1, g.getKey().status().name());
                    ps.setInt(2, g.getKey().messageCode());
                    ps.setString(3, g.getKey().message());
                    ps.setTimestamp(4, Sql.ts(now));
                    ps.setLong(5, jobId);
                    for (int i = 0; i < keys.size(); i++) {
                        ps.setString(6 + i, keys.get(i));
                    }
                    ps.executeUpdate();
                }
            }
        }
    }

    public record Page(List<JobObject> items, long total) {
    }

    public Page page(Connection c, long jobId, JobObjectStatusEvent.Status status, int page, int size) throws SQLException {
        String where = " WHERE job_id = ?" + (status == null ? "" : " AND status = ?");
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM job_object" + where)) {
            ps.setLong(1, jobId);
            if (status != null) {
                ps.setString(2, status.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<JobObject> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM job_object" + where
                + " ORDER BY write_rank, depth, object_key OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            int i = 1;
            ps.setLong(i++, jobId);
            if (status != null) {
                ps.setString(i++, status.name());
            }
            ps.setLong(i++, (long) page * size);
            ps.setInt(i, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(map(rs));
                }
            }
        }
        return new Page(items, total);
    }

    /**
     * Marks the job's objects in the catalogue with a job phase (SCHEDULED, PENDING_SCHEDULE, RUNNING) or clears it, and
     * derives their state in the same statement (one pass over the rows instead of an update and a recompute).
     */
    public void setCataloguePhase(Connection c, long jobId, String hierarchyId, String phase, boolean onlyPending) throws SQLException {
        catalogue.lockJobRowsInKeyOrder(c, hierarchyId, jobId, onlyPending, IN_OTHER_JOB);
        String state = phase != null ? "CASE WHEN removed = ? THEN 'REMOVED' ELSE ? END" : io.cmmigration.job.catalogue.domain.ObjectState.STATE_SQL_PHASE_CLEARED;
        try (PreparedStatement ps = c.prepareStatement("UPDATE catalogue_object SET job_phase = ?, last_job_id = ?, state = " + state
                + " WHERE hierarchy_id = ? AND object_key IN (SELECT object_key FROM job_object WHERE job_id = ?"
                + (onlyPending ? " AND status = 'NOT_STARTED'" : "") + ")")) {
            int i = 1;
            ps.setString(i++, phase);
            ps.setLong(i++, jobId);
            if (phase != null) {
                ps.setBoolean(i++, true);
                ps.setString(i++, phase);
            } else {
                ps.setBoolean(i++, true);
                ps.setBoolean(i++, true);
                ps.setBoolean(i++, true);
            }
            ps.setString(i++, hierarchyId);
            ps.setLong(i, jobId);
            ps.executeUpdate();
        }
    }

    /**
     * A job's (re)start: its pending objects whose catalogue row does not wait in this job (phase cleared by a stop, or
     * taken by a job created later) get the phase RUNNING for this job. Rows that wait in this job since its creation are
     * left as they are, because RUNNING is derived from the job while it runs
     * ({@link io.cmmigration.job.catalogue.persistence.CatalogueRepository#SHOWN_STATE}): a job starting as planned reads
     * its rows here but writes none (before, every row of the job was rewritten with its state index entry).
     */
    /**
     * Catalogue rows waiting in another job (binds this job's id): the only rows another job's bookkeeping may be writing
     * (a chunk's rows wait in its job until the chunk is recorded), so the only ones a job's creation, start or stop must
     * lock in key order before writing (see CatalogueRepository.lockInKeyOrder). A first job over a catalogue locks none.
     */
    private static final String IN_OTHER_JOB = "(job_phase IS NOT NULL AND last_job_id <> ?)";

    /** Catalogue rows a job's start claims: not waiting in this job (binds the job id). */
    private static final String CLAIMED = "(job_phase IS NULL OR last_job_id IS NULL OR last_job_id <> ?)";

    public int claimCatalogueRows(Connection c, long jobId, String hierarchyId) throws SQLException {
        catalogue.lockJobRowsInKeyOrder(c, hierarchyId, jobId, true, IN_OTHER_JOB);
        try (PreparedStatement ps = c.prepareStatement("UPDATE catalogue_object SET job_phase = ?, last_job_id = ?, state = CASE WHEN removed = ? THEN 'REMOVED' ELSE ? END"
                + " WHERE hierarchy_id = ? AND object_key IN (SELECT object_key FROM job_object WHERE job_id = ? AND status = 'NOT_STARTED')"
                + " AND " + CLAIMED)) {
            String running = io.cmmigration.job.catalogue.domain.ObjectState.RUNNING.name();
            ps.setString(1, running);
            ps.setLong(2, jobId);
            ps.setBoolean(3, true);
            ps.setString(4, running);
            ps.setString(5, hierarchyId);
            ps.setLong(6, jobId);
            ps.setLong(7, jobId);
            return ps.executeUpdate();
        }
    }

    /** Whether a stop of the job was requested (read on the caller's connection). */
    public boolean stopRequested(Connection c, long jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT stop_requested FROM migration_job WHERE id = ?")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The current owner of a lease (service-common's {@code service_lease}), null if none; on the caller's connection. */
    public String leaseOwner(Connection c, String leaseName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM service_lease WHERE lease_name = ?")) {
            ps.setString(1, leaseName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Keys of the job's objects recorded COMPLETED, in key order after {@code afterKey} (reconciliation pages through them). */
    public List<String> completedKeys(Connection c, long jobId, String afterKey, int limit) throws SQLException {
        List<String> out = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement("SELECT object_key FROM job_object WHERE job_id = ? AND status = ? AND object_key > ? "
                + "ORDER BY object_key OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            ps.setLong(1, jobId);
            ps.setString(2, JobObjectStatusEvent.Status.COMPLETED.name());
            ps.setString(3, afterKey);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public void deleteJob(Connection c, long jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_object WHERE job_id = ?")) {
            ps.setLong(1, jobId);
            ps.executeUpdate();
        }
    }

    private static JobObject map(ResultSet rs) throws SQLException {
        return new JobObject(rs.getLong("job_id"), rs.getString("object_key"), ObjectType.valueOf(rs.getString("object_type")),
                rs.getString("site_code"), rs.getString("source_id"), rs.getString("name"), rs.getInt("write_rank"), rs.getInt("depth"),
                rs.getString("selected_by"), JobObjectStatusEvent.Status.valueOf(rs.getString("status")), rs.getInt("message_code"),
                rs.getString("message"), Sql.instant(rs, "updated_at"));
    }
}
