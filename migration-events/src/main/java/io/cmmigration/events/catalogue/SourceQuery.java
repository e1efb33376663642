package io.cmmigration.events.catalogue;

import java.util.Objects;

/**
 * How a type is read from a source site database: one portable SELECT over the documented ConfigMgr views (runs
 * unchanged on SQL Server and on the simulator's PostgreSQL), and which of its columns carry the identity, the display
 * name, the source version (drives "modified after migration") and a last-modified time (ConfigMgr moves it whenever the
 * row changes: a re-gathering compares it instead of hashing the row).
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
}
