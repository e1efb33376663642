package io.cmmigration.simulator.generate;

import io.cmmigration.simulator.schema.SiteDatabaseSchema;
import io.cmmigration.simulator.schema.Table;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams rows into the base tables with PostgreSQL COPY (text format). Rows are buffered per table and sent in chunks
 * of a few megabytes, so generators may interleave tables freely while only one COPY runs on the connection at a time.
 */
public final class CopyLoader implements AutoCloseable {

    private static final int FLUSH_CHARS = 4 * 1024 * 1024;

    private final CopyManager copyManager;
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Long> rowCounts = new LinkedHashMap<>();

    public CopyLoader(Connection connection) throws SQLException {
        this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /** Starts a row of {@code table}; columns not set are NULL. */
    public Row row(String table) {
        Buffer b = buffers.computeIfAbsent(table, t -> new Buffer(SiteDatabaseSchema.table(t)));
        return new Row(b);
    }

    public Map<String, Long> rowCounts() {
        return rowCounts;
    }

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sends every buffered row. */
    public void flush() {
        for (Buffer b : buffers.values()) {
            b.send();
        }
    }

    @Override
    public void close() {
        flush();
    }

    /** A row under construction. */
    public final class Row {
        private final Buffer buffer;
        private final Object[] values;

        private Row(Buffer buffer) {
            this.buffer = buffer;
            this.values = new Object[buffer.table.columns().size()];
        }

        public Row set(String column, Object value) {
            Integer i = buffer.index.get(column);
            if (i == null) {
                throw new IllegalArgumentException(buffer.table.name() + " has no column " + column);
            }
            values[i] = value;
            return this;
        }

        public void end() {
            buffer.append(values);
            rowCounts.merge(buffer.table.name(), 1L, Long::sum);
        }
    }

    private final class Buffer {
        private final Table table;
        private final Map<String, Integer> index = new HashMap<>();
        private final String copySql;
        private StringBuilder text = new StringBuilder(1024);

        Buffer(Table table) {
            this.table = table;
            for (int i = 0; i < table.columns().size(); i++) {
                index.put(table.columns().get(i).name(), i);
            }
            this.copySql = "COPY " + table.name() + " (" + String.join(", ", table.columnNames()) + ") FROM STDIN";
        }

        void append(Object[] values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                appendValue(values[i], i);
            }
            text.append('\n');
            if (text.length() >= FLUSH_CHARS) {
                send();
            }
        }

        private void appendValue(Object v, int column) {
            if (v == null) {
                text.append("\\N");
            } else if (v instanceof String s) {
                int limit = table.columns().get(column).length();
                if (limit > 0 && s.codePointCount(0, s.length()) > limit) {
                    throw new IllegalArgumentException(table.name() + "." + table.columns().get(column).name()
                            + " longer than " + limit + ": " + s);
                }
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    switch (c) {
                        case '\\' -> text.append("\\\\");
                        case '\t' -> text.append("\\t");
                        case '\n' -> text.append("\\n");
                        case '\r' -> text.append("\\r");
                        default -> text.append(c);
                    }
                }
            } else if (v instanceof LocalDateTime t) {
                text.append(t);
            } else if (v instanceof Boolean b) {
                text.append(b ? '1' : '0');
            } else {
                text.append(v);
            }
        }

        void send() {
            if (text.isEmpty()) {
                return;
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            text = new StringBuilder(1024);
            try {
                copyManager.copyIn(copySql, new ByteArrayInputStream(bytes));
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("COPY into " + table.name() + " failed: " + e.getMessage(), e);
            }
        }
    }
}
