package io.cmmigration.job.support;

import io.cmmigration.common.sql.InLists;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Small helpers for the portable JDBC of the high-volume paths. */
public final class Sql {

    /** Largest IN list we send (SQL Server allows 2,100 parameters per statement). */
    public static final int IN_LIMIT = 500;

    private Sql() {
    }

    public static String placeholders(int n) {
        StringBuilder sb = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ",?");
        }
        return sb.toString();
    }

    /**
     * The first column (text) of {@code <selectBeforeInList> IN (...)} over every value, one statement per IN list of
     * {@link #IN_LIMIT}: e.g. "which of these keys exist". The leading parameters are bound before the list.
     */
    public static Set<String> stringsIn(Connection c, String selectBeforeInList, List<String> leading, Collection<String> values)
            throws SQLException {
        Set<String> out = new HashSet<>();
        for (List<String> chunk : InLists.chunks(values, IN_LIMIT)) {
            try (PreparedStatement ps = c.prepareStatement(selectBeforeInList + " IN (" + placeholders(chunk.size()) + ")")) {
                int i = 1;
                for (String p : leading) {
                    ps.setString(i++, p);
                }
                for (String v : chunk) {
                    ps.setString(i++, v);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    public static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    public static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    public static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    public static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    /** Binds a text that may be long (NCLOB columns): setString works for text and NCLOB on both drivers. */
    public static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    public static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
