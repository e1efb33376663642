package io.cmmigration.simulator.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the SQL Server (T-SQL) DDL of the simulated site database: tables (NVARCHAR text, DATETIME2 times, primary
 * keys), indexes, the documented views and the two application functions as inline table-valued functions, separated by
 * {@code GO}. Run it with sqlcmd on an empty database, then load the data (see README: "Seeding SQL Server").
 */
public final class SchemaWriter {

    private SchemaWriter() {
    }

    public static String sqlServerDdl() {
        StringBuilder sb = new StringBuilder();
        sb.append("-- Simulated ConfigMgr site database schema (source-site-simulator), SQL Server dialect.\n");
        sb.append("SET ANSI_NULLS ON;\nGO\nSET QUOTED_IDENTIFIER ON;\nGO\n\n");
        for (Table t : SiteDatabaseSchema.tables()) {
            sb.append("CREATE TABLE dbo.").append(t.name()).append(" (\n");
            for (int i = 0; i < t.columns().size(); i++) {
                Column c = t.columns().get(i);
                boolean key = t.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(c.name()));
                sb.append(i == 0 ? "    " : ",\n    ").append(c.name()).append(' ').append(c.sqlServerType()).append(key ? " NOT NULL" : " NULL");
            }
            if (!t.primaryKey().isEmpty()) {
                sb.append(",\n    CONSTRAINT PK_").append(t.name()).append(" PRIMARY KEY (").append(String.join(", ", t.primaryKey())).append(')');
            }
            sb.append("\n);\nGO\n");
            for (List<String> index : t.indexes()) {
                sb.append("CREATE INDEX IX_").append(t.name()).append('_').append(String.join("_", index)).append(" ON dbo.").append(t.name())
                        .append(" (").append(String.join(", ", index)).append(");\nGO\n");
            }
            sb.append('\n');
        }
        for (View v : SiteDatabaseSchema.views()) {
            sb.append("CREATE VIEW dbo.").append(v.name()).append(" AS\n").append(v.select()).append(";\nGO\n\n");
        }
        for (TableFunction f : SiteDatabaseSchema.functions()) {
            sb.append("CREATE FUNCTION dbo.").append(f.name()).append("(@").append(f.parameter()).append(" INT)\nRETURNS TABLE\nAS\nRETURN (\n")
                    .append(f.selectWithParameter("@" + f.parameter())).append("\n);\nGO\n\n");
        }
        return sb.toString();
    }

    public static void writeSqlServerDdl(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, sqlServerDdl(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
