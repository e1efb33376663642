package io.cmmigration.simulator.schema;

/**
 * One column of a base table. {@code length} is the character limit of text columns (0 = unlimited text); the limits
 * follow ConfigMgr's own (collection name 255, package name 50, ...) so that "name at the column limit" data is real.
 */
public record Column(String name, Kind kind, int length) {

    public enum Kind { INT, BIGINT, TIMESTAMP, VARCHAR, TEXT }

    public String postgresType() {
        return switch (kind) {
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case TIMESTAMP -> "TIMESTAMP(0)";
            case VARCHAR -> "VARCHAR(" + length + ")";
            case TEXT -> "TEXT";
        };
    }

    /** SQL Server type: NVARCHAR keeps text Unicode, DATETIME2(0) matches the second precision of the data. */
    public String sqlServerType() {
        return switch (kind) {
            case INT -> "INT";
            case BIGINT -> "BIGINT";
            case TIMESTAMP -> "DATETIME2(0)";
            case VARCHAR -> "NVARCHAR(" + length + ")";
            case TEXT -> "NVARCHAR(MAX)";
        };
    }

    /** Parses the compact form used by {@link SiteDatabaseSchema}: {@code Name:int}, {@code Name:ts}, {@code Name:text}, {@code Name:50}. */
    static Column parse(String spec) {
        int colon = spec.indexOf(':');
        String name = spec.substring(0, colon);
        String type = spec.substring(colon + 1);
        return switch (type) {
            case "int" -> new Column(name, Kind.INT, 0);
            case "bigint" -> new Column(name, Kind.BIGINT, 0);
            case "ts" -> new Column(name, Kind.TIMESTAMP, 0);
            case "text" -> new Column(name, Kind.TEXT, 0);
            default -> new Column(name, Kind.VARCHAR, Integer.parseInt(type));
        };
    }
}
