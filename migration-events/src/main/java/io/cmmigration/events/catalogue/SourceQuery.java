package io.cmmigration.events.catalogue;

import java.util.Objects;

/**
 * How a type is read from a source site database: one portable SELECT over the documented ConfigMgr views (runs
 * unchanged on SQL Server and on the simulator's PostgreSQL), and which of its columns carry the identity, the display
 * name, the source version (drives "modified after migration") and a last-modified time (lets a re-gathering read only
 * rows changed since the previous run).
 */
public record SourceQuery(String sql, String keyColumn, String nameColumn, String versionColumn, String lastModifiedColumn) {
    public SourceQuery {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(keyColumn, "keyColumn");
        Objects.requireNonNull(nameColumn, "nameColumn");
    }

    /** The keys-only form of the query, used to detect removed objects without reading whole rows. */
    public String keysSql() {
        return "SELECT q." + keyColumn + " FROM (" + sql + ") q";
    }

    /** The changed-since form of the query; null when the view has no last-modified column. */
    public String changedSinceSql() {
        return lastModifiedColumn == null ? null : "SELECT * FROM (" + sql + ") q WHERE q." + lastModifiedColumn + " > ?";
    }
}
