package io.cmmigration.events.catalogue;

/**
 * Rows that belong to a parent object and travel inside its attribute document (a package's programs, a collection's
 * rules, maintenance windows and variables, an application's deployment types). {@code sql} returns one row per child
 * and has the parent's key in {@code parentKeyColumn}.
 */
public record ChildSource(String name, String sql, String parentKeyColumn, ObjectType embeddedType) {
}
