package io.cmmigration.simulator.schema;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * Writes the rows of a generated (PostgreSQL) site database as a T-SQL script of INSERT batches, to be run after the
 * DDL of {@link SchemaWriter} so that a real SQL Server holds byte-for-byte the same data. Text is written as N'...'
 * literals (Unicode), times in ISO form, rows in primary-key order, at most 1000 rows per INSERT (the T-SQL limit).
 */
public final class SqlServerDataWriter {

    private static final int ROWS_PER_INSERT = 1000;

    private SqlServerDataWriter() {
    }

    public static long write(Connection source, Path file) throws SQLException, IOException {
        long rows = 0;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Statement st = source.createStatement()) {
            out.write("-- Data of a simulated ConfigMgr site database (source-site-simulator); run after the schema script.\n"
                    + "SET NOCOUNT ON;\nGO\n");
            for (Table t : SiteDatabaseSchema.tables()) {
                String columns = String.join(", ", t.columnNames());
                String order = t.primaryKey().isEmpty() ? columns : String.join(", ", t.primaryKey());
                try (ResultSet rs = st.executeQuery("SELECT " + columns + " FROM " + t.name() + " ORDER BY " + order)) {
                    int inBatch = 0;
                    while (rs.next()) {
                        out.write(inBatch == 0 ? "INSERT INTO dbo." + t.name() + " (" + columns + ") VALUES\n(" : ",\n(");
                        for (int i = 0; i < t.columns().size(); i++) {
                            out.write(i == 0 ? "" : ", ");
                            out.write(literal(t.columns().get(i), rs, i + 1));
                        }
                        out.write(')');
                        rows++;
                        if (++inBatch == ROWS_PER_INSERT) {
                            out.write(";\nGO\n");
                            inBatch = 0;
                        }
                    }
                    if (inBatch > 0) {
                        out.write(";\nGO\n");
                    }
                }
            }
        }
        return rows;
    }

    private static String literal(Column c, ResultSet rs, int index) throws SQLException {
        switch (c.kind()) {
            case INT, BIGINT -> {
                long v = rs.getLong(index);
                return rs.wasNull() ? "NULL" : Long.toString(v);
            }
            case TIMESTAMP -> {
                Timestamp t = rs.getTimestamp(index);
                return t == null ? "NULL" : "'" + t.toLocalDateTime() + "'";
            }
            default -> {
                String s = rs.getString(index);
                return s == null ? "NULL" : "N'" + s.replace("'", "''") + "'";
            }
        }
    }
}
