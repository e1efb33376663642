package io.cmmigration.simulator.schema;

import java.util.Arrays;
import java.util.List;

/**
 * A base table of the simulated site database. Tables are created without constraints, filled with COPY, and get their
 * primary key and indexes afterwards (much faster loading); the documented views are defined over them.
 */
public record Table(String name, List<Column> columns, List<String> primaryKey, List<List<String>> indexes) {

    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + " has no column " + column);
    }

    public Column column(String column) {
        return columns.get(columnIndex(column));
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    static Table of(String name, String primaryKey, String... columnSpecs) {
        List<String> pk = primaryKey == null ? List.of() : Arrays.asList(primaryKey.split(","));
        return new Table(name, Arrays.stream(columnSpecs).map(Column::parse).toList(), pk, List.of());
    }

    Table index(String... columns) {
        List<List<String>> all = new java.util.ArrayList<>(indexes);
        all.add(List.of(columns));
        return new Table(name, this.columns, primaryKey, List.copyOf(all));
    }
}
