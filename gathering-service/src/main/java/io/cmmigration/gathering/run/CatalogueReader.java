package io.cmmigration.gathering.run;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.ReferenceSource;
import io.cmmigration.events.catalogue.SourceQuery;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.gathering.source.GatheringStatus;
import io.cmmigration.gathering.source.SourceFailure;
import java.math.BigDecimal;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The one generic reader of source objects, driven entirely by the object-type catalogue: the type's main query gives
 * the attribute document (column label -> JSON-friendly value), each child query adds an array under the child's name,
 * references come from a column of the row or from a relation query (FromKey/ToKey).
 *
 * <p><b>Streaming merge.</b> Per type, the main query and every child and relation query run once, each ordered by the
 * parent key, each on its own connection, and are merged by key as they stream (like a database merge join). Text keys
 * are ordered by code point ({@code COLLATE "C"} on PostgreSQL, {@code Latin1_General_BIN2} on SQL Server) so that Java
 * compares them exactly as the database sorted them; numeric keys numerically. Child rows whose parent is not in the
 * main query (orphans, rows of other package types) are passed over. Memory holds one object, never a chunk or a site;
 * the database reads every view once per type instead of once per chunk.
 *
 * <p><b>Change detection.</b> Every object has a row hash (its main row) and a child hash (the sum modulo 2^64 of the
 * hashes of its child and relation rows: independent of row order). Where the source database can hash rows
 * ({@link SourceDialect}), it computes them (seeded per query, so that the same row under another child counts
 * differently), also in a full read, so that the stored hashes are the ones a later run compares. The first run reads
 * everything in full and publishes it as DISCOVERED. A later run first streams only keys and hashes (the <i>hash
 * pass</i>: key and row hash of every main row; per child and relation query one row per parent with the database's sum
 * of its rows' hashes), compares them with the type's stored state ({@link StoredState}, loaded while the source runs the
 * queries), and reads in full, by key, only the objects whose hashes moved or that are new; those are encoded once
 * ({@link ObjectJson}) and their fingerprint decides CHANGED (published) or not (state refreshed silently). More than
 * {@link #FULL_READ_ABOVE} such objects: one full read instead. Stored keys the hash pass did not see are published as
 * REMOVED. Without database row hashes every run reads in full and compares hashes computed here ({@link RowHash}) before
 * encoding anything.
 */
final class CatalogueReader {

    static final int CHUNK = 500;

    /** Above this many objects to read by key (IN lists of {@link #CHUNK}), one full streaming read of the type is cheaper. */
    static final int FULL_READ_ABOVE = 4 * CHUNK;

    /** Objects handed over to the encoding thread at most (each holds one object's rows). */
    static final int HAND_OVER = 1024;

    /** Label of the database's row hash, the last column of a hashed query. */
    static final String HASH_COLUMN = "cmm_row_hash";

    private final RunContext ctx;
    /** Used by the encoding thread only. */
    private final ObjectJson json = new ObjectJson();
    /** Used by the encoding thread only: the targets of one relation of one object (each is referenced once). */
    private final java.util.HashSet<String> targets = new java.util.HashSet<>();
    private final EncodePipeline<Encode> encoder;

    /**
     * Runs the statements that can wait for the databases at the same time as the reader: the stored state of a type is
     * loaded, and the child and relation queries are executed (each on its own connection), while the main query runs.
     */
    private final java.util.concurrent.ExecutorService opener;

    CatalogueReader(RunContext ctx) {
        this.ctx = ctx;
        String run = ctx.runId.substring(0, Math.min(8, ctx.runId.length()));
        this.encoder = new EncodePipeline<>("gathering-encode-" + run, HAND_OVER, this::encode);
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        this.opener = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gathering-open-" + run + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Ends the encoding thread and the opening threads (the run is over). */
    void close() {
        encoder.close();
        opener.shutdownNow();
    }

    /** One object to encode on the encoding thread: everything the reader read and decided about it. */
    private record Encode(TypeRun run, String key, Object[] values, List<ChildStream> streams, List<List<Object[]>> childRows, int slot,
            long rowHash, long childHash) {
    }

    /** Everything one type's read works with. */
    private final class TypeRun {
        final ObjectTypeSpec spec;
        final String type;
        /** The type's stored state; null on a first gathering (or when nothing of the type is stored). */
        StoredState stored;
        final long[] counts;
        final List<ReferenceSource> relations = new ArrayList<>();
        final List<ReferenceSource> columnRefs = new ArrayList<>();
        final KeyOrder order;
        final SourceDialect dialect;
        final String topic = Topic.SOURCE_OBJECTS.topicName();
        /** The statement being run (for the failure message). */
        String current;
        String[] labels;
        ObjectJson.Columns columns;
        int keyIdx;
        int nameIdx;
        int versionIdx;
        int modifiedIdx;
        int[] columnRefIdx;

        TypeRun(ObjectTypeSpec spec, long[] counts, KeyOrder order, SourceDialect dialect) {
            this.spec = spec;
            this.type = spec.type().name();
            this.counts = counts;
            this.order = order;
            this.dialect = dialect;
            for (ReferenceSource r : spec.references()) {
                (r.isColumn() ? columnRefs : relations).add(r);
            }
        }

        int streams() {
            return spec.children().size() + relations.size();
        }

        String streamSql(int i) {
            return i < spec.children().size() ? spec.children().get(i).sql() : relations.get(i - spec.children().size()).sql();
        }

        String streamKey(int i) {
            return i < spec.children().size() ? spec.children().get(i).parentKeyColumn() : "FromKey";
        }

        /**
         * Whether the main row's hash is the hash of its last-modified value, computed here: for types with a
         * last-modified column where the database hashes rows. ConfigMgr moves that value whenever the row changes (the
         * watermark of earlier versions relied on the same), and the database is spared hashing every such row (50,000
         * drivers: 270 ms of the simulator's time per run); their child and relation rows are still hashed in full.
         */
        boolean rowHashOfModified() {
            return dialect.hashesRows() && spec.source().lastModifiedColumn() != null;
        }

        /** Whether a full read of the main query carries the database's row hash as its last column. */
        boolean mainHashedByDatabase() {
            return dialect.hashesRows() && !rowHashOfModified();
        }

        /** Main query in full (plus the database's row hash), or for the hash pass the key and its hash or last-modified value. */
        String mainSql(boolean keysAndHashes, String where) {
            String key = spec.source().keyColumn();
            String columns;
            if (keysAndHashes) {
                columns = "m." + key + ", "
                        + (rowHashOfModified() ? "m." + spec.source().lastModifiedColumn() : dialect.rowHash("m", 0) + " AS " + HASH_COLUMN);
            } else {
                columns = mainHashedByDatabase() ? "m.*, " + dialect.rowHash("m", 0) + " AS " + HASH_COLUMN : "m.*";
            }
            return "SELECT " + columns + " FROM (" + spec.source().sql() + ") m" + where + " ORDER BY " + order.orderBy("m." + key);
        }

        /**
         * A child or relation query in full (plus the database's row hash), or for the hash pass one row per parent: its
         * key and the sum of its rows' hashes (a package's 100 drivers are one row, not 100).
         */
        String streamSelect(int i, boolean keysAndHashes, String where, KeyOrder childOrder) {
            String key = "c." + streamKey(i);
            String orderBy = " ORDER BY " + order.orderByFor(childOrder, key);
            if (!dialect.hashesRows()) {
                return "SELECT c.* FROM (" + streamSql(i) + ") c" + where + orderBy;
            }
            String hash = dialect.rowHash("c", i + 1);
            if (keysAndHashes) {
                // hashed in a derived table, summed outside it: SQL Server allows no subquery (FOR JSON) inside an aggregate
                String grouped = "h." + streamKey(i);
                return "SELECT " + grouped + ", " + dialect.sum("h." + HASH_COLUMN) + " AS " + HASH_COLUMN + " FROM (SELECT " + key + ", " + hash + " AS "
                        + HASH_COLUMN + " FROM (" + streamSql(i) + ") c" + where + ") h GROUP BY " + grouped + " ORDER BY "
                        + order.orderByFor(childOrder, grouped);
            }
            return "SELECT c.*, " + hash + " AS " + HASH_COLUMN + " FROM (" + streamSql(i) + ") c" + where + orderBy;
        }

        /** Row hash of a main row read in full: of its last-modified value, the database's (last value), or computed here. */
        long rowHash(Object[] values) {
            if (rowHashOfModified()) {
                return modifiedHash(modifiedIdx < 0 ? null : values[modifiedIdx]);
            }
            return dialect.hashesRows() ? hashValue(values[labels.length]) : RowHash.of(values);
        }
    }

    void gather(ObjectTypeSpec spec) {
        SourceQuery q = spec.source();
        String type = spec.type().name();
        java.util.concurrent.Future<StoredState> loading = ctx.hasState ? opener.submit(() -> ctx.store.storedState(ctx.siteId, type)) : null;
        TypeRun run = null;
        try {
            run = new TypeRun(spec, ctx.counts(type), KeyOrder.of(ctx, q.sql(), q.keyColumn()), ctx.dialect());
            run.current = q.sql();
            if (loading != null && run.dialect.hashesRows()) {
                List<String> reread = hashPass(run, loading);
                if (reread == null) {
                    fullRead(run);
                } else {
                    rereadByKey(run, reread);
                }
            } else {
                run.stored = loading == null ? null : nonEmpty(await(loading));
                fullRead(run);
            }
            if (run.stored != null) {
                run.current = "gathering state";
                detectRemovals(run);
            }
        } catch (SQLException e) {
            throw SourceFailure.of(e, "reading " + spec.displayName() + " (" + (run == null ? q.sql() : run.current) + ")");
        } finally {
            if (loading != null) {
                loading.cancel(false);
            }
        }
    }

    /** The row hash of a type whose row hash is its last-modified value (the value as a full read decodes it). */
    static long modifiedHash(Object lastModified) {
        return RowHash.of(new Object[] {lastModified});
    }

    private static StoredState nonEmpty(StoredState stored) {
        return stored.size() == 0 ? null : stored;
    }

    /**
     * Executes the child and relation queries of a type at the same time, each on its own connection (the connections
     * are taken here, on the reader thread). {@code where} gives each stream's WHERE clause and parameters.
     */
    private List<java.util.concurrent.Future<ChildStream>> openStreams(TypeRun run, boolean keysAndHashes,
            java.util.function.IntFunction<Map.Entry<String, List<Object>>> where) throws SQLException {
        List<java.util.concurrent.Future<ChildStream>> opening = new ArrayList<>();
        for (int i = 0; i < run.streams(); i++) {
            run.current = run.streamSql(i);
            KeyOrder childOrder = KeyOrder.of(ctx, run.streamSql(i), run.streamKey(i));
            Map.Entry<String, List<Object>> w = where.apply(i);
            String sql = run.streamSelect(i, keysAndHashes, w.getKey(), childOrder);
            Connection c = ctx.stream(i);
            int index = i;
            opening.add(opener.submit(() -> new ChildStream(index, c, sql, w.getValue(), run.streamKey(index), run.order, run.dialect.hashesRows(),
                    keysAndHashes ? 10000 : 2000, ctx.queryTimeoutSeconds)));
        }
        return opening;
    }

    /** The opened streams in order; when one failed, the others are closed and its failure is thrown. */
    private List<ChildStream> opened(TypeRun run, List<java.util.concurrent.Future<ChildStream>> opening) throws SQLException {
        List<ChildStream> streams = new ArrayList<>(opening.size());
        Exception failure = null;
        for (int i = 0; i < opening.size(); i++) {
            try {
                streams.add(await(opening.get(i)));
            } catch (SQLException | RuntimeException e) {
                if (failure == null) {
                    failure = e;
                    run.current = run.streamSql(i);
                }
            }
        }
        if (failure != null) {
            streams.forEach(ChildStream::close);
            if (failure instanceof SQLException e) {
                throw e;
            }
            throw (RuntimeException) failure;
        }
        return streams;
    }

    private static <T> T await(java.util.concurrent.Future<T> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the source", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Every object of the type in full, merged with its child and relation rows; each is decided by {@link #handle}. */
    private void fullRead(TypeRun run) throws SQLException {
        List<java.util.concurrent.Future<ChildStream>> opening = List.of();
        try {
            opening = openStreams(run, false, i -> Map.entry("", List.of()));
            String sql = run.mainSql(false, "");
            run.current = sql;
            run.counts[0] = readMain(run, sql, List.of(), opening);
            ctx.main.commit();
            encoder.drain();
        } catch (SQLException | RuntimeException e) {
            encoder.discard();
            throw e;
        } finally {
            closeAll(opening);
        }
    }

    /** Closes every stream that was or is being opened, and ends the streams' read transactions. */
    private void closeAll(List<java.util.concurrent.Future<ChildStream>> opening) {
        for (java.util.concurrent.Future<ChildStream> f : opening) {
            try {
                await(f).close();
            } catch (SQLException | RuntimeException ignored) {
                // a stream that failed to open has nothing to close; its failure is reported where it was awaited
            }
        }
        ctx.endStreams();
    }

    /**
     * The hash pass of a re-gathering: key and row hash of every object and, per child and relation query, each
     * parent's sum of row hashes, all computed by the database; compared with the stored state. Marks every present
     * object seen; returns the keys to read in full (hashes moved, or not in the state), or null when the type is to be
     * read in full instead: more than
     * {@link #FULL_READ_ABOVE} of them, or nothing of the type stored (then {@code run.stored} stays null). The stored
     * state is loaded while the source executes the queries.
     */
    private List<String> hashPass(TypeRun run, java.util.concurrent.Future<StoredState> loading) throws SQLException {
        List<String> reread = new ArrayList<>();
        boolean overflow = false;
        List<java.util.concurrent.Future<ChildStream>> opening = List.of();
        long objects = 0;
        try {
            opening = openStreams(run, true, i -> Map.entry("", List.of()));
            String sql = run.mainSql(true, "");
            run.current = sql;
            try (PreparedStatement ps = ctx.main.prepareStatement(sql)) {
                ps.setFetchSize(10000);
                ps.setQueryTimeout(ctx.queryTimeoutSeconds);
                try (ResultSet rs = ps.executeQuery()) {
                    boolean[] timestamps = timestampColumns(rs.getMetaData());
                    List<ChildStream> streams = opened(run, opening);
                    run.current = "gathering state";
                    run.stored = nonEmpty(await(loading));
                    if (run.stored == null) {
                        return null;
                    }
                    run.current = sql;
                    String previous = null;
                    while (rs.next()) {
                        String key = keyOf(jsonValue(rs.getObject(1)));
                        if (key == null || key.equals(previous)) {
                            continue; // as in a full read: no identity, or a duplicate row of a join
                        }
                        previous = key;
                        if ((++objects & 4095) == 0) {
                            ctx.heartbeat();
                        }
                        long rowHash = !run.rowHashOfModified() ? rs.getLong(2)
                                : modifiedHash(timestamps[1] ? rs.getObject(2, LocalDateTime.class) : jsonValue(rs.getObject(2)));
                        long childHash = 0;
                        for (ChildStream s : streams) {
                            for (Object[] r : s.rowsFor(key)) {
                                childHash += s.contribution(r);
                            }
                        }
                        int slot = run.stored.slot(key);
                        if (slot >= 0) {
                            run.stored.mark(slot, StoredState.SEEN);
                            if (run.stored.unchanged(slot, rowHash, childHash)) {
                                continue;
                            }
                        }
                        if (overflow || reread.size() >= FULL_READ_ABOVE) {
                            overflow = true;
                        } else {
                            reread.add(key);
                        }
                    }
                }
            }
            ctx.main.commit();
        } finally {
            closeAll(opening);
        }
        run.counts[0] = objects;
        return overflow ? null : reread;
    }

    /** Streams the main query merged with the child streams; returns the number of distinct objects read. */
    private long readMain(TypeRun run, String sql, List<Object> params, List<java.util.concurrent.Future<ChildStream>> opening) throws SQLException {
        long objects = 0;
        try (PreparedStatement ps = ctx.main.prepareStatement(sql)) {
            ps.setFetchSize(2000);
            ps.setQueryTimeout(ctx.queryTimeoutSeconds);
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<ChildStream> streams = opened(run, opening);
                run.current = sql;
                ResultSetMetaData md = rs.getMetaData();
                if (run.labels == null) {
                    int n = md.getColumnCount() - (run.mainHashedByDatabase() ? 1 : 0);
                    run.labels = new String[n];
                    for (int i = 0; i < n; i++) {
                        run.labels[i] = ColumnNames.canonical(md.getColumnLabel(i + 1));
                    }
                    run.columns = ObjectJson.Columns.of(run.labels);
                    SourceQuery q = run.spec.source();
                    run.keyIdx = index(run.labels, q.keyColumn(), true, run.spec);
                    run.nameIdx = index(run.labels, q.nameColumn(), false, run.spec);
                    run.versionIdx = q.versionColumn() == null ? -1 : index(run.labels, q.versionColumn(), false, run.spec);
                    run.modifiedIdx = q.lastModifiedColumn() == null ? -1 : index(run.labels, q.lastModifiedColumn(), false, run.spec);
                    run.columnRefIdx = new int[run.columnRefs.size()];
                    for (int r = 0; r < run.columnRefIdx.length; r++) {
                        run.columnRefIdx[r] = index(run.labels, run.columnRefs.get(r).column(), false, run.spec);
                    }
                }
                String previous = null;
                List<List<Object[]>> childRows = new ArrayList<>(streams.size());
                boolean[] timestamps = timestampColumns(md);
                while (rs.next()) {
                    Object[] values = readRow(rs, timestamps, run.mainHashedByDatabase());
                    String key = keyOf(values[run.keyIdx]);
                    if (key == null || key.equals(previous)) {
                        continue; // no identity, or a duplicate row of a join: the object is already in this run
                    }
                    previous = key;
                    objects++;
                    if ((objects & 511) == 0) {
                        ctx.heartbeat();
                    }
                    childRows.clear();
                    for (ChildStream s : streams) {
                        childRows.add(s.rowsFor(key));
                    }
                    handle(run, key, values, streams, childRows);
                }
            }
        }
        return objects;
    }

    /** Decides about one object read in full: unchanged (nothing), or handed over to be encoded. */
    private void handle(TypeRun run, String key, Object[] values, List<ChildStream> streams, List<List<Object[]>> childRows) {
        long rowHash = run.rowHash(values);
        long childHash = 0;
        for (int i = 0; i < childRows.size(); i++) {
            ChildStream s = streams.get(i);
            for (Object[] r : childRows.get(i)) {
                childHash += s.contribution(r);
            }
        }
        int slot = run.stored == null ? -1 : run.stored.slot(key);
        if (slot >= 0) {
            run.stored.mark(slot, (byte) (StoredState.SEEN | StoredState.READ));
            if (run.stored.unchanged(slot, rowHash, childHash)) {
                return;
            }
        }
        encoder.submit(new Encode(run, key, values, streams, new ArrayList<>(childRows), slot, rowHash, childHash));
    }

    /** Encoding thread: encodes one object, then publishes it (CHANGED / DISCOVERED) or refreshes its state silently. */
    private void encode(Encode e) {
        TypeRun run = e.run();
        String key = e.key();
        Object[] values = e.values();
        List<ChildStream> streams = e.streams();
        List<List<Object[]>> childRows = e.childRows();
        int slot = e.slot();
        int children = run.spec.children().size();
        json.startObject();
        json.attributes(run.columns, values);
        for (int i = 0; i < children; i++) {
            json.children(run.spec.children().get(i).name(), streams.get(i).columns, childRows.get(i));
        }
        json.startReferences();
        for (int r = 0; r < run.columnRefs.size(); r++) {
            int idx = run.columnRefIdx[r];
            String targetId = idx < 0 ? null : keyOf(values[idx]);
            if (targetId != null && !targetId.isBlank()) {
                ReferenceSource ref = run.columnRefs.get(r);
                json.reference(ref.name(), ref.target(), ctx.siteCode, targetId, ref.required());
            }
        }
        for (int r = 0; r < run.relations.size(); r++) {
            ReferenceSource ref = run.relations.get(r);
            int toIdx = streams.get(children + r).toIdx;
            targets.clear();
            for (Object[] row : childRows.get(children + r)) {
                String to = toIdx >= 0 ? keyOf(row[toIdx]) : null;
                if (to != null && !to.isBlank() && targets.add(to)) {
                    json.reference(ref.name(), ref.target(), ctx.siteCode, to, ref.required());
                }
            }
        }
        String fingerprint = json.finish();
        if (slot >= 0 && run.stored.sameFingerprint(slot, fingerprint)) {
            ctx.pending.add(run.type, key, fingerprint, "REFRESHED", e.rowHash(), e.childHash());
            return;
        }
        ChangeKind change = slot >= 0 ? ChangeKind.CHANGED : ChangeKind.DISCOVERED;
        Long version = run.versionIdx >= 0 && values[run.versionIdx] instanceof Number v ? v.longValue() : null;
        String name = run.nameIdx >= 0 && values[run.nameIdx] != null ? values[run.nameIdx].toString() : null;
        LocalDateTime modified = run.modifiedIdx >= 0 && values[run.modifiedIdx] instanceof LocalDateTime t ? t : null;
        ObjectJson.MigrationEventId id = ObjectJson.MigrationEventId.next();
        byte[] event = json.event(id, change, ctx.hierarchyId, ctx.siteCode, run.spec.type(), key, name, version,
                modified == null ? null : modified.toInstant(ZoneOffset.UTC), ctx.runId);
        ctx.delivery.send(run.topic, ctx.hierarchyId + "/" + ctx.siteCode + "/" + run.type + "/" + key, json.eventId(), event);
        ctx.pending.add(run.type, key, fingerprint, change.name(), e.rowHash(), e.childHash());
        run.counts[change == ChangeKind.DISCOVERED ? 1 : 2]++;
    }

    /** Reads the given objects in full by key (chunks of {@link #CHUNK}; IN lists on the key columns). */
    @SuppressWarnings("unchecked")
    private void rereadByKey(TypeRun run, List<String> keys) throws SQLException {
        SourceQuery q = run.spec.source();
        boolean numeric = run.order.numeric();
        try {
            for (int from = 0; from < keys.size(); from += CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
                List<Object> params = params(chunk, numeric);
                if (params.isEmpty()) {
                    continue;
                }
                List<java.util.concurrent.Future<ChildStream>> opening = List.of();
                try {
                    List<Object>[] childParams = new List[run.streams()];
                    for (int i = 0; i < childParams.length; i++) {
                        childParams[i] = params(chunk, KeyOrder.of(ctx, run.streamSql(i), run.streamKey(i)).numeric());
                    }
                    opening = openStreams(run, false, i -> Map.entry(" WHERE c." + run.streamKey(i) + " IN (" + marks(childParams[i].size()) + ")",
                            childParams[i]));
                    String sql = run.mainSql(false, " WHERE m." + q.keyColumn() + " IN (" + marks(params.size()) + ")");
                    run.current = sql;
                    readMain(run, sql, params, opening);
                } finally {
                    closeAll(opening);
                }
            }
            ctx.main.commit();
            encoder.drain();
        } catch (SQLException | RuntimeException e) {
            encoder.discard();
            throw e;
        }
    }

    private void detectRemovals(TypeRun run) {
        if (run.stored.unseen() == 0) {
            return;
        }
        List<String> removed = new ArrayList<>();
        ctx.store.storedKeys(ctx.siteId, run.type, key -> {
            int slot = run.stored.slot(key);
            if (slot >= 0 && !run.stored.has(slot, StoredState.SEEN)) {
                removed.add(key);
            }
        });
        for (String key : removed) {
            ctx.delivery.send(SourceObjectEvent.of(ChangeKind.REMOVED, ctx.hierarchyId, ctx.siteCode, ObjectType.valueOf(run.type), key, null, null,
                    null, null, ctx.runId, Map.of(), List.of()));
            ctx.pending.add(run.type, key, null, ChangeKind.REMOVED.name());
            run.counts[3]++;
        }
    }

    /**
     * A row hash value as read: a BIGINT, or a sum of them (an exact number; {@code longValue} keeps its low 64 bits, the
     * sum modulo 2^64). A NULL hash, which no supported database returns for a row, counts as 0.
     */
    static long hashValue(Object v) {
        return v instanceof Number n ? n.longValue() : 0L;
    }

    /**
     * One child or relation query, streaming in parent-key order on its own connection. {@link #rowsFor} returns the
     * rows of one parent and passes over rows of keys that sort before it (orphans). A hashed stream's last column is
     * the database's row hash (not a label; {@link #rowHash} reads it).
     */
    static final class ChildStream implements AutoCloseable {
        final int index;
        final String[] labels;
        final ObjectJson.Columns columns;
        final int toIdx;
        private final boolean hashed;
        private final PreparedStatement statement;
        private final ResultSet rs;
        private final int keyIdx;
        private final KeyOrder order;
        private final boolean[] timestamps;
        private boolean hasRow;
        private Object[] values;
        private String key;
        private long keyNumber;
        private boolean keyIsLong;

        ChildStream(int index, Connection c, String sql, List<Object> params, String keyColumn, KeyOrder order, boolean hashed, int fetchSize,
                int timeoutSeconds) throws SQLException {
            this.index = index;
            this.order = order;
            this.hashed = hashed;
            this.statement = c.prepareStatement(sql);
            statement.setFetchSize(fetchSize);
            statement.setQueryTimeout(timeoutSeconds);
            bind(statement, params);
            this.rs = statement.executeQuery();
            ResultSetMetaData md = rs.getMetaData();
            labels = new String[md.getColumnCount() - (hashed ? 1 : 0)];
            int k = -1;
            int to = -1;
            for (int i = 0; i < labels.length; i++) {
                labels[i] = ColumnNames.canonical(md.getColumnLabel(i + 1));
                if (labels[i].equalsIgnoreCase(keyColumn)) {
                    k = i;
                }
                if (labels[i].equalsIgnoreCase("ToKey")) {
                    to = i;
                }
            }
            if (k < 0) {
                close();
                throw new SourceFailure(GatheringStatus.FAILED_SQL, "the query " + sql + " returns no column " + keyColumn);
            }
            keyIdx = k;
            toIdx = to;
            columns = ObjectJson.Columns.of(labels);
            timestamps = timestampColumns(md);
            next();
        }

        private void next() throws SQLException {
            hasRow = rs.next();
            if (hasRow) {
                values = readRow(rs, timestamps, hashed);
                key = keyOf(values[keyIdx]);
                if (order.numeric() && key != null) {
                    try {
                        keyNumber = Long.parseLong(key);
                        keyIsLong = true;
                    } catch (NumberFormatException e) {
                        keyIsLong = false;
                    }
                }
            }
        }

        List<Object[]> rowsFor(String parentKey) throws SQLException {
            List<Object[]> rows = null;
            // numeric keys: the parent's parsed once per call, each row's once when read (not once per comparison)
            long parentNumber = 0;
            boolean parentIsLong = false;
            if (order.numeric()) {
                try {
                    parentNumber = Long.parseLong(parentKey);
                    parentIsLong = true;
                } catch (NumberFormatException e) {
                    // compared through BigDecimal below
                }
            }
            while (hasRow) {
                int cmp = key == null ? -1
                        : parentIsLong && keyIsLong ? Long.compare(keyNumber, parentNumber) : order.compare(key, parentKey);
                if (cmp > 0) {
                    break;
                }
                if (cmp == 0) {
                    if (rows == null) {
                        rows = new ArrayList<>(4);
                    }
                    rows.add(values);
                }
                next();
            }
            return rows == null ? List.of() : rows;
        }

        /**
         * What one row (or, in the hash pass, one parent's group of rows) adds to its parent's child hash: the database's
         * hash, seeded per query; or computed here, salted with the query's position.
         */
        long contribution(Object[] row) {
            return hashed ? hashValue(row[labels.length]) : RowHash.child(index, RowHash.of(row));
        }

        /** The database's hash of a row of a hashed stream (0 for a stream without database hashes). */
        long hashedContribution(Object[] row) {
            return hashed ? hashValue(row[labels.length]) : 0L;
        }

        @Override
        public void close() {
            try {
                rs.close();
                statement.close();
            } catch (SQLException ignored) {
                // closing only
            }
        }
    }

    /**
     * How one key column is ordered: numerically, or by code point for text (the collation clause of the source's
     * database), so that {@link #compare} agrees with the database's ORDER BY.
     */
    record KeyOrder(boolean numeric, String collate) {

        static KeyOrder of(RunContext ctx, String sql, String column) throws SQLException {
            return new KeyOrder(ctx.numericColumn(sql, column), ctx.dialect().collate());
        }

        String orderBy(String expression) {
            return numeric ? expression : expression + collate;
        }

        /** ORDER BY expression for a child key column so that it sorts like this (the parent's) key. */
        String orderByFor(KeyOrder child, String expression) {
            if (child.numeric == numeric) {
                return orderBy(expression);
            }
            return numeric ? "CAST(" + expression + " AS BIGINT)" : "CAST(" + expression + " AS VARCHAR(400))" + collate;
        }

        int compare(String a, String b) {
            if (numeric) {
                try {
                    return Long.compare(Long.parseLong(a), Long.parseLong(b));
                } catch (NumberFormatException e) {
                    return new BigDecimal(a).compareTo(new BigDecimal(b));
                }
            }
            return a.compareTo(b);
        }
    }

    /** Columns read as {@link LocalDateTime} directly (no Timestamp and Calendar round trip in the driver). */
    static boolean[] timestampColumns(ResultSetMetaData md) throws SQLException {
        boolean[] t = new boolean[md.getColumnCount()];
        for (int i = 0; i < t.length; i++) {
            t[i] = md.getColumnType(i + 1) == java.sql.Types.TIMESTAMP;
        }
        return t;
    }

    /** One row as JSON-friendly values (see {@link #jsonValue}). */
    static Object[] readRow(ResultSet rs, boolean[] timestamps) throws SQLException {
        return readRow(rs, timestamps, false);
    }

    /**
     * One row as JSON-friendly values; {@code hashedLast}: the last column is the database's row hash or a sum of them,
     * read as its low 64 bits ({@link #wrappedLong}) without an exact number in between.
     */
    static Object[] readRow(ResultSet rs, boolean[] timestamps, boolean hashedLast) throws SQLException {
        Object[] values = new Object[timestamps.length];
        int n = hashedLast ? values.length - 1 : values.length;
        for (int i = 0; i < n; i++) {
            values[i] = timestamps[i] ? rs.getObject(i + 1, LocalDateTime.class) : jsonValue(rs.getObject(i + 1));
        }
        if (hashedLast) {
            values[n] = wrappedLong(rs.getString(n + 1));
        }
        return values;
    }

    /**
     * The low 64 bits (two's complement) of a whole number given as decimal text: the sum modulo 2^64 that
     * {@code BigDecimal.longValue()} gives, without parsing into a BigDecimal (long arithmetic wraps modulo 2^64).
     * Digits after a decimal point are ignored; NULL is 0 (as {@link #hashValue}).
     */
    static long wrappedLong(String s) {
        if (s == null) {
            return 0L;
        }
        int i = 0;
        int n = s.length();
        boolean negative = n > 0 && s.charAt(0) == '-';
        if (negative || (n > 0 && s.charAt(0) == '+')) {
            i++;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    /** Binds text, whole-number and timestamp parameters (the only kinds gathering's own SQL uses). */
    static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Timestamp t) {
                ps.setTimestamp(i + 1, t);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    /** Keys as parameters of the column's type; keys that cannot be of that type cannot match and are left out. */
    private static List<Object> params(List<String> keys, boolean numeric) {
        List<Object> params = new ArrayList<>(keys.size());
        for (String k : keys) {
            if (numeric) {
                try {
                    params.add(Long.parseLong(k));
                } catch (NumberFormatException e) {
                    // a text key never equals a numeric column value
                }
            } else {
                params.add(k);
            }
        }
        return params;
    }

    static String marks(int n) {
        StringBuilder sb = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ",?");
        }
        return sb.toString();
    }

    private static int index(String[] labels, String column, boolean required, ObjectTypeSpec spec) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equalsIgnoreCase(column)) {
                return i;
            }
        }
        if (required) {
            throw new SourceFailure(io.cmmigration.gathering.source.GatheringStatus.FAILED_SQL,
                    "the source query of " + spec.displayName() + " returns no column " + column);
        }
        return -1;
    }

    /** Identity of an object as a string (keys are strings in events whatever their SQL type). */
    static String keyOf(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return v.toString().trim();
    }

    /** JDBC value as a JSON-friendly value: text, numbers, booleans, ISO date-times (no time zone: site-local), base64. */
    static Object jsonValue(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean || v instanceof BigDecimal
                || v instanceof Double || v instanceof Float) {
            return v;
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (v instanceof Short s) {
            return s.intValue();
        }
        if (v instanceof Byte b) {
            return b.intValue();
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof Clob c) {
            return c.getSubString(1, (int) c.length());
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return o.toLocalDateTime();
        }
        return v.toString();
    }
}
