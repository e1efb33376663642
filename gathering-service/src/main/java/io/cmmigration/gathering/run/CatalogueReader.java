package io.cmmigration.gathering.run;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ChildSource;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.ReferenceSource;
import io.cmmigration.events.catalogue.SourceQuery;
import io.cmmigration.gathering.source.SourceFailure;
import java.math.BigDecimal;
import java.sql.Clob;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The one generic reader of source objects, driven entirely by the object-type catalogue: the type's main query gives
 * the attribute document (column label -> JSON-friendly value), each child query adds an array under the child's name,
 * references come from a column of the row or from a relation query (FromKey/ToKey). Rows are read with a cursor and
 * handled in chunks; children and references of a chunk are fetched with one IN-list query each, so memory holds one
 * chunk, never a whole site.
 *
 * <p>Change detection: the first run publishes everything as DISCOVERED. Later runs read only rows changed since the
 * stored watermark where the type has a last-modified column (plus a keys-only query to find removals), and read all
 * rows of the other types; every read object is compared with its stored fingerprint, and only DISCOVERED, CHANGED and
 * REMOVED objects are published.
 */
final class CatalogueReader {

    static final int CHUNK = 500;

    private final RunContext ctx;

    CatalogueReader(RunContext ctx) {
        this.ctx = ctx;
    }

    /** One object as read from the main query. */
    private record Row(String key, Map<String, Object> attributes, String name, Long version, LocalDateTime lastModified,
            List<ObjectReference> references) {
    }

    void gather(ObjectTypeSpec spec) {
        SourceQuery q = spec.source();
        String type = spec.type().name();
        LocalDateTime watermark = ctx.hasState ? ctx.previousWatermarks.get(type) : null;
        boolean incremental = watermark != null && q.lastModifiedColumn() != null;
        KeySet seen = new KeySet();
        long[] counts = ctx.counts(type);
        LocalDateTime maxModified = watermark;
        String sql = incremental ? q.changedSinceSql() : q.sql();
        try (PreparedStatement ps = ctx.main.prepareStatement(sql)) {
            ps.setFetchSize(2000);
            ps.setQueryTimeout(ctx.queryTimeoutSeconds);
            if (incremental) {
                ps.setTimestamp(1, Timestamp.valueOf(watermark));
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                String[] labels = new String[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = ColumnNames.canonical(md.getColumnLabel(i + 1));
                }
                int keyIdx = index(labels, q.keyColumn(), true, spec);
                int nameIdx = index(labels, q.nameColumn(), false, spec);
                int versionIdx = q.versionColumn() == null ? -1 : index(labels, q.versionColumn(), false, spec);
                int modifiedIdx = q.lastModifiedColumn() == null ? -1 : index(labels, q.lastModifiedColumn(), false, spec);
                List<Row> chunk = new ArrayList<>(CHUNK);
                while (rs.next()) {
                    Object[] values = new Object[n];
                    Map<String, Object> attributes = new LinkedHashMap<>(n * 2);
                    for (int i = 0; i < n; i++) {
                        values[i] = jsonValue(rs.getObject(i + 1));
                        attributes.put(labels[i], values[i]);
                    }
                    String key = keyOf(values[keyIdx]);
                    if (key == null || !seen.add(key)) {
                        continue; // no identity, or a duplicate row of a join: the object is already in this run
                    }
                    LocalDateTime modified = modifiedIdx >= 0 && values[modifiedIdx] instanceof LocalDateTime t ? t : null;
                    if (modified != null && (maxModified == null || modified.isAfter(maxModified))) {
                        maxModified = modified;
                    }
                    Long version = versionIdx >= 0 && values[versionIdx] instanceof Number v ? v.longValue() : null;
                    String name = nameIdx >= 0 && values[nameIdx] != null ? values[nameIdx].toString() : null;
                    chunk.add(new Row(key, attributes, name, version, modified, new ArrayList<>()));
                    if (chunk.size() == CHUNK) {
                        process(spec, chunk, counts);
                        chunk.clear();
                    }
                }
                process(spec, chunk, counts);
            }
            if (ctx.hasState) {
                if (incremental) {
                    readAllKeys(spec, seen);
                }
                detectRemovals(type, seen, counts);
            }
        } catch (SQLException e) {
            throw SourceFailure.of(e, "reading " + spec.displayName() + " (" + sql + ")");
        }
        counts[0] = seen.size();
        if (q.lastModifiedColumn() != null && maxModified != null) {
            ctx.newWatermarks.put(type, maxModified);
        }
    }

    private void process(ObjectTypeSpec spec, List<Row> chunk, long[] counts) throws SQLException {
        if (chunk.isEmpty()) {
            return;
        }
        ctx.heartbeat();
        String type = spec.type().name();
        List<String> keys = chunk.stream().map(Row::key).toList();
        for (ChildSource child : spec.children()) {
            Map<String, List<Map<String, Object>>> byParent = grouped(child.sql(), child.parentKeyColumn(), keys);
            for (Row r : chunk) {
                List<Map<String, Object>> rows = byParent.getOrDefault(r.key(), List.of());
                if (rows.size() > 1) {
                    rows = new ArrayList<>(rows);
                    rows.sort(Comparator.comparing(Fingerprints::json)); // child order is not defined by the view
                }
                r.attributes().put(child.name(), rows);
            }
        }
        for (ReferenceSource ref : spec.references()) {
            if (ref.isColumn()) {
                for (Row r : chunk) {
                    Object target = value(r.attributes(), ref.column());
                    String targetId = keyOf(target);
                    if (targetId != null && !targetId.isBlank()) {
                        r.references().add(new ObjectReference(ref.name(), ref.target(), ctx.siteCode, targetId, ref.required()));
                    }
                }
            } else {
                Map<String, List<String>> targets = relation(ref.sql(), keys);
                for (Row r : chunk) {
                    for (String targetId : targets.getOrDefault(r.key(), List.of())) {
                        r.references().add(new ObjectReference(ref.name(), ref.target(), ctx.siteCode, targetId, ref.required()));
                    }
                }
            }
        }
        Map<String, String> stored = ctx.hasState ? ctx.store.fingerprints(ctx.siteId, type, keys) : Map.of();
        for (Row r : chunk) {
            r.references().sort(Comparator.comparing(ObjectReference::name).thenComparing(ObjectReference::targetId));
            String fingerprint = Fingerprints.of(r.attributes(), r.references());
            String previous = stored.get(r.key());
            ChangeKind change = previous == null ? ChangeKind.DISCOVERED : previous.equals(fingerprint) ? null : ChangeKind.CHANGED;
            if (change == null) {
                continue;
            }
            ctx.delivery.send(SourceObjectEvent.of(change, ctx.hierarchyId, ctx.siteCode, spec.type(), r.key(), r.name(), r.version(),
                    fingerprint, r.lastModified() == null ? null : r.lastModified().toInstant(ZoneOffset.UTC), ctx.runId, r.attributes(),
                    List.copyOf(r.references())));
            ctx.pending.add(type, r.key(), fingerprint, change.name());
            counts[change == ChangeKind.DISCOVERED ? 1 : 2]++;
        }
    }

    /** Adds every key the source has now (keys-only query), so objects not changed since the watermark count as present. */
    private void readAllKeys(ObjectTypeSpec spec, KeySet seen) throws SQLException {
        try (PreparedStatement ps = ctx.main.prepareStatement(spec.source().keysSql())) {
            ps.setFetchSize(5000);
            ps.setQueryTimeout(ctx.queryTimeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = keyOf(jsonValue(rs.getObject(1)));
                    if (key != null) {
                        seen.add(key);
                    }
                }
            }
        }
    }

    private void detectRemovals(String type, KeySet seen, long[] counts) {
        List<String> removed = new ArrayList<>();
        ctx.store.storedKeys(ctx.siteId, type, key -> {
            if (!seen.contains(key)) {
                removed.add(key);
            }
        });
        for (String key : removed) {
            ctx.delivery.send(SourceObjectEvent.of(ChangeKind.REMOVED, ctx.hierarchyId, ctx.siteCode,
                    io.cmmigration.events.catalogue.ObjectType.valueOf(type), key, null, null, null, null, ctx.runId, Map.of(), List.of()));
            ctx.pending.add(type, key, null, ChangeKind.REMOVED.name());
            counts[3]++;
        }
    }

    /** Rows of {@code sql} whose {@code keyColumn} is one of {@code keys}, grouped by that key. */
    private Map<String, List<Map<String, Object>>> grouped(String sql, String keyColumn, List<String> keys) throws SQLException {
        Map<String, List<Map<String, Object>>> result = new HashMap<>();
        boolean numeric = ctx.numericColumn(sql, keyColumn);
        List<Object> params = params(keys, numeric);
        if (params.isEmpty()) {
            return result;
        }
        try (PreparedStatement ps = ctx.side.prepareStatement("SELECT * FROM (" + sql + ") c WHERE c." + keyColumn + " IN (" + marks(params.size()) + ")")) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                String[] labels = new String[n];
                int keyIdx = -1;
                for (int i = 0; i < n; i++) {
                    labels[i] = ColumnNames.canonical(md.getColumnLabel(i + 1));
                    if (labels[i].equalsIgnoreCase(keyColumn)) {
                        keyIdx = i;
                    }
                }
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>(n * 2);
                    Object keyValue = null;
                    for (int i = 0; i < n; i++) {
                        Object v = jsonValue(rs.getObject(i + 1));
                        row.put(labels[i], v);
                        if (i == keyIdx) {
                            keyValue = v;
                        }
                    }
                    result.computeIfAbsent(keyOf(keyValue), k -> new ArrayList<>()).add(row);
                }
            }
        }
        return result;
    }

    /** Targets of a relation query (FromKey, ToKey) for the given source keys. */
    private Map<String, List<String>> relation(String sql, List<String> keys) throws SQLException {
        Map<String, List<String>> result = new HashMap<>();
        boolean numeric = ctx.numericColumn(sql, "FromKey");
        List<Object> params = params(keys, numeric);
        if (params.isEmpty()) {
            return result;
        }
        try (PreparedStatement ps = ctx.side.prepareStatement("SELECT q.FromKey, q.ToKey FROM (" + sql + ") q WHERE q.FromKey IN (" + marks(params.size()) + ")")) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, LinkedHashSet<String>> sets = new HashMap<>();
                while (rs.next()) {
                    String from = keyOf(jsonValue(rs.getObject(1)));
                    String to = keyOf(jsonValue(rs.getObject(2)));
                    if (from != null && to != null && !to.isBlank()) {
                        sets.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(to);
                    }
                }
                sets.forEach((k, v) -> result.put(k, new ArrayList<>(v)));
            }
        }
        return result;
    }

    private void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        ps.setQueryTimeout(ctx.queryTimeoutSeconds);
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                ps.setLong(i + 1, l);
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
