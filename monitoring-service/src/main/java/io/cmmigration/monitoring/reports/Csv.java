package io.cmmigration.monitoring.reports;

import java.time.Instant;
import java.util.List;

/**
 * RFC 4180 CSV: every cell quoted when it needs to be, CRLF line ends. Cells that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab) are prefixed with an apostrophe, as object names come from the source hierarchy.
 */
public final class Csv {

    private Csv() {
    }

    public static String write(Report report) {
        StringBuilder sb = new StringBuilder();
        line(sb, report.columns().stream().map(c -> (Object) c).toList());
        for (List<Object> row : report.rows()) {
            line(sb, row);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(cells.get(i)));
        }
        sb.append("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof Instant t ? t.toString() : value.toString();
        if (!s.isEmpty() && !(value instanceof Number) && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
