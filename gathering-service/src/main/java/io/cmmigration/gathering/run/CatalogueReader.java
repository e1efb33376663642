package io.cmmigration.gathering.run;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ChildSource;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * <p><b>Change detection.</b> The first run publishes everything as DISCOVERED. Later runs compare each object with the
 * type's stored state ({@link StoredState}, streamed once per type): equal row and child hashes ({@link RowHash}) mean
 * unchanged, without encoding anything; otherwise the object is encoded once ({@link ObjectJson}) and its SHA-256
 * fingerprint decides CHANGED (published) or not (state refreshed silently). Types with a last-modified column are read
 * incrementally: the main query returns only rows changed since the stored watermark, the child and relation queries
 * still stream in full so that the child hash of every stored object is recomputed, and objects whose children changed
 * without their last-modified value moving are then read in full by key (a program edit, a collection rule, a folder
 * move). A keys-only query finds removed objects; REMOVED is published for stored keys the source no longer has.
 */
final class CatalogueReader {

    static final int CHUNK = 500;

    /** Objects handed over to the encoding thread at most (each holds one object's rows). */
    static final int HAND_OVER = 1024;

    private final RunContext ctx;
    /** Used by the encoding thread only. */
    private final ObjectJson json = new ObjectJson();
    private final EncodePipeline<Encode> encoder;

    CatalogueReader(RunContext ctx) {
        this.ctx = ctx;
        this.encoder = new EncodePipeline<>("gathering-encode-" + ctx.runId.substring(0, Math.min(8, ctx.runId.length())), HAND_OVER, this::encode);
    }

    /** Ends the encoding thread (the run is over). */
    void close() {
        encoder.close();
    }

    /** One object to encode on the encoding thread: everything the reader read and decided about it. */
    private record Encode(TypeRun run, String key, Object[] values, List<ChildStream> streams, List<List<Object[]>> childRows, int slot,
            long rowHash, long childHash, LocalDateTime modified) {
    }

    /** Everything one type's read works with. */
    private final class TypeRun {
        final ObjectTypeSpec spec;
        final String type;
        final StoredState stored;
        final long[] counts;
        final List<String> childNames;
        final List<ReferenceSource> relations = new ArrayList<>();
        final List<ReferenceSource> columnRefs = new ArrayList<>();
        final KeyOrder order;
        final String topic = Topic.SOURCE_OBJECTS.topicName();
        LocalDateTime maxModified;
        String[] labels;
        int keyIdx;
        int nameIdx;
        int versionIdx;
        int modifiedIdx;

        TypeRun(ObjectTypeSpec spec, StoredState stored, long[] counts, KeyOrder order) {
            this.spec = spec;
            this.type = spec.type().name();
            this.stored = stored;
            this.counts = counts;
            this.childNames = ObjectJson.names(spec.children());
            this.order = order;
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
    }

    void gather(ObjectTypeSpec spec) {
        SourceQuery q = spec.source();
        String type = spec.type().name();
        LocalDateTime watermark = ctx.hasState ? ctx.previousWatermarks.get(type) : null;
        boolean incremental = watermark != null && q.lastModifiedColumn() != null;
        StoredState stored = ctx.hasState ? ctx.store.storedState(ctx.siteId, type) : null;
        String current = q.sql();
        try {
            TypeRun run = new TypeRun(spec, stored, ctx.counts(type), KeyOrder.of(ctx, q.sql(), q.keyColumn()));
            run.maxModified = watermark;
            String mainSql = "SELECT * FROM (" + (incremental ? q.changedSinceSql() : q.sql()) + ") m ORDER BY " + run.order.orderBy("m." + q.keyColumn());
            current = mainSql;
            KeySet readInMain = incremental ? new KeySet() : null;
            List<ChildStream> streams = new ArrayList<>();
            try {
                for (int i = 0; i < run.streams(); i++) {
                    current = run.streamSql(i);
                    KeyOrder childOrder = KeyOrder.of(ctx, run.streamSql(i), run.streamKey(i));
                    String sql = "SELECT * FROM (" + run.streamSql(i) + ") c ORDER BY " + run.order.orderByFor(childOrder, "c." + run.streamKey(i));
                    streams.add(new ChildStream(i, ctx.stream(i), sql, List.of(), run.streamKey(i), run.order, incremental ? stored : null,
                            ctx.queryTimeoutSeconds));
                }
                current = mainSql;
                long total = readMain(run, mainSql, incremental ? List.of(Timestamp.valueOf(watermark)) : List.of(), streams, readInMain);
                for (ChildStream s : streams) {
                    current = run.streamSql(s.index);
                    s.drain();
                }
                if (!incremental) {
                    run.counts[0] = total;
                }
                encoder.drain();
            } catch (SQLException | RuntimeException e) {
                encoder.discard();
                throw e;
            } finally {
                streams.forEach(ChildStream::close);
                ctx.endStreams();
            }
            if (incremental) {
                current = q.keysSql();
                List<String> reread = scanKeys(run, readInMain);
                try {
                    rereadByKey(run, reread);
                    encoder.drain();
                } catch (SQLException | RuntimeException e) {
                    encoder.discard();
                    throw e;
                }
            }
            if (stored != null) {
                current = "gathering state";
                detectRemovals(run);
            }
            if (q.lastModifiedColumn() != null && run.maxModified != null) {
                ctx.newWatermarks.put(type, run.maxModified);
            }
        } catch (SQLException e) {
            throw SourceFailure.of(e, "reading " + spec.displayName() + " (" + current + ")");
        }
    }

    /** Streams the main query merged with the child streams; returns the number of distinct objects read. */
    private long readMain(TypeRun run, String sql, List<Object> params, List<ChildStream> streams, KeySet readInMain) throws SQLException {
        long objects = 0;
        try (PreparedStatement ps = ctx.main.prepareStatement(sql)) {
            ps.setFetchSize(2000);
            ps.setQueryTimeout(ctx.queryTimeoutSeconds);
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                if (run.labels == null) {
                    run.labels = new String[n];
                    for (int i = 0; i < n; i++) {
                        run.labels[i] = ColumnNames.canonical(md.getColumnLabel(i + 1));
                    }
                    SourceQuery q = run.spec.source();
                    run.keyIdx = index(run.labels, q.keyColumn(), true, run.spec);
                    run.nameIdx = index(run.labels, q.nameColumn(), false, run.spec);
                    run.versionIdx = q.versionColumn() == null ? -1 : index(run.labels, q.versionColumn(), false, run.spec);
                    run.modifiedIdx = q.lastModifiedColumn() == null ? -1 : index(run.labels, q.lastModifiedColumn(), false, run.spec);
                }
                String previous = null;
                List<List<Object[]>> childRows = new ArrayList<>(streams.size());
                boolean[] timestamps = timestampColumns(md);
                while (rs.next()) {
                    Object[] values = readRow(rs, timestamps);
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
                    if (readInMain != null) {
                        readInMain.add(key);
                    }
                    handle(run, key, values, streams, childRows);
                }
            }
        }
        return objects;
    }

    /** Decides about one object read in full: unchanged (nothing), same content (state refreshed), or publish. */
    private void handle(TypeRun run, String key, Object[] values, List<ChildStream> streams, List<List<Object[]>> childRows) {
        LocalDateTime modified = run.modifiedIdx >= 0 && values[run.modifiedIdx] instanceof LocalDateTime t ? t : null;
        if (modified != null && (run.maxModified == null || modified.isAfter(run.maxModified))) {
            run.maxModified = modified;
        }
        long rowHash = RowHash.of(values);
        long childHash = 0;
        for (int i = 0; i < childRows.size(); i++) {
            for (Object[] r : childRows.get(i)) {
                childHash += RowHash.child(i, RowHash.of(r));
            }
        }
        int slot = run.stored == null ? -1 : run.stored.slot(key);
        if (slot >= 0) {
            run.stored.mark(slot, (byte) (StoredState.SEEN | StoredState.READ));
            if (run.stored.unchanged(slot, rowHash, childHash)) {
                return;
            }
        }
        encoder.submit(new Encode(run, key, values, streams, new ArrayList<>(childRows), slot, rowHash, childHash, modified));
    }

    /** Encoding thread: encodes one object, then publishes it (CHANGED / DISCOVERED) or refreshes its state silently. */
    private void encode(Encode e) {
        TypeRun run = e.run();
        String key = e.key();
        Object[] values = e.values();
        List<ChildStream> streams = e.streams();
        List<List<Object[]>> childRows = e.childRows();
        int slot = e.slot();
        long rowHash = e.rowHash();
        long childHash = e.childHash();
        LocalDateTime modified = e.modified();
        Map<String, Object> attributes = new LinkedHashMap<>(values.length * 2);
        for (int i = 0; i < values.length; i++) {
            attributes.put(run.labels[i], values[i]);
        }
        int children = run.spec.children().size();
        for (int i = 0; i < children; i++) {
            List<Object[]> rows = childRows.get(i);
            List<Map<String, Object>> maps = new ArrayList<>(rows.size());
            String[] labels = streams.get(i).labels;
            for (Object[] r : rows) {
                Map<String, Object> m = new LinkedHashMap<>(labels.length * 2);
                for (int c = 0; c < labels.length; c++) {
                    m.put(labels[c], r[c]);
                }
                maps.add(m);
            }
            attributes.put(run.spec.children().get(i).name(), maps);
        }
        List<ObjectReference> references = new ArrayList<>();
        for (ReferenceSource ref : run.columnRefs) {
            String targetId = keyOf(value(attributes, ref.column()));
            if (targetId != null && !targetId.isBlank()) {
                references.add(new ObjectReference(ref.name(), ref.target(), ctx.siteCode, targetId, ref.required()));
            }
        }
        for (int r = 0; r < run.relations.size(); r++) {
            ReferenceSource ref = run.relations.get(r);
            LinkedHashSet<String> targets = new LinkedHashSet<>();
            for (Object[] row : childRows.get(children + r)) {
                int toIdx = streams.get(children + r).toIdx;
                String to = toIdx >= 0 ? keyOf(row[toIdx]) : null;
                if (to != null && !to.isBlank()) {
                    targets.add(to);
                }
            }
            for (String targetId : targets) {
                references.add(new ObjectReference(ref.name(), ref.target(), ctx.siteCode, targetId, ref.required()));
            }
        }
        references.sort(Comparator.comparing(ObjectReference::name).thenComparing(ObjectReference::targetId));
        String fingerprint = json.fingerprint(attributes, run.childNames, references);
        if (slot >= 0 && run.stored.sameFingerprint(slot, fingerprint)) {
            ctx.pending.add(run.type, key, fingerprint, "REFRESHED", rowHash, childHash);
            return;
        }
        ChangeKind change = slot >= 0 ? ChangeKind.CHANGED : ChangeKind.DISCOVERED;
        Long version = run.versionIdx >= 0 && values[run.versionIdx] instanceof Number v ? v.longValue() : null;
        String name = run.nameIdx >= 0 && values[run.nameIdx] != null ? values[run.nameIdx].toString() : null;
        ObjectJson.MigrationEventId id = ObjectJson.MigrationEventId.next();
        byte[] event = json.event(id, change, ctx.hierarchyId, ctx.siteCode, run.spec.type(), key, name, version,
                modified == null ? null : modified.toInstant(ZoneOffset.UTC), ctx.runId);
        ctx.delivery.send(run.topic, ctx.hierarchyId + "/" + ctx.siteCode + "/" + run.type + "/" + key, id.eventId().toString(), event);
        ctx.pending.add(run.type, key, fingerprint, change.name(), rowHash, childHash);
        run.counts[change == ChangeKind.DISCOVERED ? 1 : 2]++;
    }

    /**
     * Incremental types: every key the source has now (keys-only query) is marked present; objects the main query did
     * not return but whose child hash moved (or that are not in the state at all) are returned for a read by key.
     */
    private List<String> scanKeys(TypeRun run, KeySet readInMain) throws SQLException {
        List<String> reread = new ArrayList<>();
        KeySet present = new KeySet();
        try (PreparedStatement ps = ctx.main.prepareStatement(run.spec.source().keysSql())) {
            ps.setFetchSize(10000);
            ps.setQueryTimeout(ctx.queryTimeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = keyOf(jsonValue(rs.getObject(1)));
                    if (key == null || !present.add(key)) {
                        continue;
                    }
                    int slot = run.stored.slot(key);
                    if (slot >= 0) {
                        run.stored.mark(slot, StoredState.SEEN);
                        if (!run.stored.has(slot, StoredState.READ) && !run.stored.childrenUnchanged(slot)) {
                            reread.add(key);
                        }
                    } else if (!readInMain.contains(key)) {
                        reread.add(key);
                    }
                }
            }
        }
        ctx.main.commit();
        run.counts[0] = present.size();
        return reread;
    }

    /** Reads the given objects in full by key (chunks of {@link #CHUNK}; IN lists on the key columns). */
    private void rereadByKey(TypeRun run, List<String> keys) throws SQLException {
        SourceQuery q = run.spec.source();
        boolean numeric = run.order.numeric();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<Object> params = params(keys.subList(from, Math.min(keys.size(), from + CHUNK)), numeric);
            if (params.isEmpty()) {
                continue;
            }
            List<ChildStream> streams = new ArrayList<>();
            try {
                for (int i = 0; i < run.streams(); i++) {
                    KeyOrder childOrder = KeyOrder.of(ctx, run.streamSql(i), run.streamKey(i));
                    List<Object> childParams = params(keys.subList(from, Math.min(keys.size(), from + CHUNK)), childOrder.numeric());
                    String sql = "SELECT * FROM (" + run.streamSql(i) + ") c WHERE c." + run.streamKey(i) + " IN (" + marks(childParams.size())
                            + ") ORDER BY " + run.order.orderByFor(childOrder, "c." + run.streamKey(i));
                    streams.add(new ChildStream(i, ctx.stream(i), sql, childParams, run.streamKey(i), run.order, null, ctx.queryTimeoutSeconds));
                }
                readMain(run, "SELECT * FROM (" + q.sql() + ") m WHERE m." + q.keyColumn() + " IN (" + marks(params.size()) + ") ORDER BY "
                        + run.order.orderBy("m." + q.keyColumn()), params, streams, null);
            } finally {
                streams.forEach(ChildStream::close);
                ctx.endStreams();
            }
        }
        ctx.main.commit();
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
     * One child or relation query, streaming in parent-key order on its own connection. {@link #rowsFor} returns the
     * rows of one parent and passes over rows of keys that sort before it (orphans). With a stored state to accumulate
     * into, every row (whatever its parent) adds to its parent's child hash.
     */
    static final class ChildStream implements AutoCloseable {
        final int index;
        final String[] labels;
        final int toIdx;
        private final PreparedStatement statement;
        private final ResultSet rs;
        private final int keyIdx;
        private final KeyOrder order;
        private final StoredState accumulate;
        private final boolean[] timestamps;
        private boolean hasRow;
        private Object[] values;
        private String key;
        private String slotKey;
        private int slot = -1;

        ChildStream(int index, Connection c, String sql, List<Object> params, String keyColumn, KeyOrder order, StoredState accumulate,
                int timeoutSeconds) throws SQLException {
            this.index = index;
            this.order = order;
            this.accumulate = accumulate;
            this.statement = c.prepareStatement(sql);
            statement.setFetchSize(2000);
            statement.setQueryTimeout(timeoutSeconds);
            bind(statement, params);
            this.rs = statement.executeQuery();
            ResultSetMetaData md = rs.getMetaData();
            labels = new String[md.getColumnCount()];
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
            timestamps = timestampColumns(md);
            next();
        }

        private void next() throws SQLException {
            hasRow = rs.next();
            if (hasRow) {
                values = readRow(rs, timestamps);
                key = keyOf(values[keyIdx]);
            }
        }

        List<Object[]> rowsFor(String parentKey) throws SQLException {
            List<Object[]> rows = null;
            while (hasRow) {
                int cmp = key == null ? -1 : order.compare(key, parentKey);
                if (cmp > 0) {
                    break;
                }
                accumulate();
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

        void drain() throws SQLException {
            while (hasRow) {
                accumulate();
                next();
            }
        }

        private void accumulate() {
            if (accumulate == null || key == null) {
                return;
            }
            if (!key.equals(slotKey)) {
                slotKey = key;
                slot = accumulate.slot(key);
            }
            if (slot >= 0) {
                accumulate.accumulate(slot, RowHash.child(index, RowHash.of(values)));
            }
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
            boolean numeric = ctx.numericColumn(sql, column);
            String product = ctx.product();
            String collate = product.contains("postgres") ? " COLLATE \"C\"" : product.contains("sql server") ? " COLLATE Latin1_General_BIN2" : "";
            return new KeyOrder(numeric, collate);
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
        Object[] values = new Object[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = timestamps[i] ? rs.getObject(i + 1, LocalDateTime.class) : jsonValue(rs.getObject(i + 1));
        }
        return values;
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

    private static Object value(Map<String, Object> attributes, String column) {
        Object v = attributes.get(column);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                return e.getValue();
            }
        }
        return null;
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
