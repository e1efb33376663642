package io.cmmigration.testsupport.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the SQL Server script the build generated offline from a service's Liquibase changelog
 * ({@code target/liquibase/mssql.sql}) and answers what a reviewer would check: which tables and sequences it creates
 * and whether text columns are Unicode (NVARCHAR) rather than VARCHAR.
 */
public final class MssqlScript {

    private final String sql;

    private MssqlScript(String sql) {
        this.sql = sql;
    }

    public static MssqlScript ofModule() {
        Path p = Path.of("target", "liquibase", "mssql.sql");
        try {
            return new MssqlScript(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("no SQL Server script at " + p.toAbsolutePath() + " (the build's liquibase:updateSQL step)", e);
        }
    }

    public String sql() {
        return sql;
    }

    public List<String> tables() {
        return matches("CREATE TABLE (?:[\\w\\[\\]]+\\.)?\\[?(\\w+)\\]?");
    }

    public List<String> sequences() {
        return matches("CREATE SEQUENCE (?:[\\w\\[\\]]+\\.)?\\[?(\\w+)\\]?");
    }

    /** Column definitions declared as non-Unicode text (VARCHAR/CHAR/TEXT), which SQL Server would store lossy. */
    public List<String> nonUnicodeTextColumns() {
        List<String> bad = new ArrayList<>();
        Matcher m = Pattern.compile("(?i)\\b(\\w+)\\s+(?<!N)(varchar|char|text)\\b").matcher(sql);
        while (m.find()) {
            String before = sql.substring(Math.max(0, m.start(2) - 1), m.start(2)).toUpperCase(Locale.ROOT);
            if (!before.equals("N")) {
                bad.add(m.group(0));
            }
        }
        return bad;
    }

    private List<String> matches(String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(sql);
        while (m.find()) {
            out.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
