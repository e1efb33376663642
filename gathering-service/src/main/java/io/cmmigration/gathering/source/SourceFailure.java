package io.cmmigration.gathering.source;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/** Why reading a source site failed, as a gathering status code of spec §6.3 plus a message an administrator can act on. */
public class SourceFailure extends RuntimeException {

    private final int statusCode;

    public SourceFailure(int statusCode, String message) {
        super(message);
        this.statusCode = statusCode;
    }

    public SourceFailure(int statusCode, String message, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }

    /**
     * Maps a JDBC failure to a status code. Login failures and missing permissions are "unauthorized access" (259);
     * unreachable servers, dropped connections and timeouts are "network timeout" (515); everything else is an SQL
     * error (1027). SQLSTATEs are standard (PostgreSQL) and SQL Server error numbers are checked as well.
     */
    public static SourceFailure of(SQLException e, String context) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int error = e.getErrorCode();
        String detail = context + ": " + firstLine(e.getMessage());
        if (state.startsWith("28") || error == 18456 || error == 18452 || error == 4060) {
            return new SourceFailure(GatheringStatus.FAILED_UNAUTHORIZED, "login to the source site database failed (" + detail + ")", e);
        }
        if (state.equals("42501") || error == 229 || error == 230 || error == 262 || error == 297 || error == 300) {
            return new SourceFailure(GatheringStatus.FAILED_UNAUTHORIZED,
                    "the Source Site Database Account lacks a permission (" + detail + ")", e);
        }
        if (e instanceof SQLTimeoutException || state.equals("57014") || state.startsWith("08") || state.startsWith("57P")
                || hasCause(e, SocketTimeoutException.class) || hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class)) {
            return new SourceFailure(GatheringStatus.FAILED_TIMEOUT, "the source site database cannot be reached or stopped answering ("
                    + detail + ")", e);
        }
        return new SourceFailure(GatheringStatus.FAILED_SQL, "SQL error reading the source site database (" + detail + ")", e);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
