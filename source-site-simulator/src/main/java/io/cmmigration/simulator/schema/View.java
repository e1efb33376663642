package io.cmmigration.simulator.schema;

/**
 * A documented ConfigMgr view. {@code select} is portable SQL (no vendor syntax, no string concatenation) so the same
 * text defines the view in PostgreSQL and in SQL Server.
 */
public record View(String name, String select) {
}
