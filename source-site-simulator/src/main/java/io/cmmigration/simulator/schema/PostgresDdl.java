package io.cmmigration.simulator.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL statements for the schema. Identifiers are unquoted (PostgreSQL folds them to lower case; readers are
 * case-insensitive). Tables come first without keys; keys, indexes, views and functions after the COPY load.
 */
public final class PostgresDdl {

    private PostgresDdl() {
    }

    public static List<String> createTables() {
        List<String> sql = new ArrayList<>();
        for (Table t : SiteDatabaseSchema.tables()) {
            StringBuilder sb = new StringBuilder("CREATE TABLE ").append(t.name()).append(" (");
            for (int i = 0; i < t.columns().size(); i++) {
                Column c = t.columns().get(i);
                sb.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.postgresType());
            }
            sql.add(sb.append(')').toString());
        }
        return sql;
    }

    public static List<String> keysIndexesViewsAndFunctions() {
        List<String> sql = new ArrayList<>();
        for (Table t : SiteDatabaseSchema.tables()) {
            if (!t.primaryKey().isEmpty()) {
                sql.add("ALTER TABLE " + t.name() + " ADD PRIMARY KEY (" + String.join(", ", t.primaryKey()) + ")");
            }
            for (List<String> index : t.indexes()) {
                sql.add("CREATE INDEX ix_" + t.name() + "_" + String.join("_", index) + " ON " + t.name() + " (" + String.join(", ", index) + ")");
            }
        }
        sql.addAll(viewsAndFunctions());
        return sql;
    }

    public static List<String> viewsAndFunctions() {
        List<String> sql = new ArrayList<>();
        for (View v : SiteDatabaseSchema.views()) {
            sql.add("CREATE VIEW " + v.name() + " AS " + v.select());
        }
        for (TableFunction f : SiteDatabaseSchema.functions()) {
            StringBuilder sb = new StringBuilder("CREATE FUNCTION ").append(f.name()).append('(').append(f.parameter())
                    .append(" INTEGER) RETURNS TABLE (");
            for (int i = 0; i < f.returns().size(); i++) {
                Column c = f.returns().get(i);
                sb.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.postgresType());
            }
            sb.append(") LANGUAGE sql STABLE AS $fn$ ").append(f.selectWithParameter("$1")).append(" $fn$");
            sql.add(sb.toString());
        }
        return sql;
    }
}
