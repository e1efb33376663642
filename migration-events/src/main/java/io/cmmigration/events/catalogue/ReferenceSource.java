package io.cmmigration.events.catalogue;

/**
 * A reference from an object to another object. Either a column of the type's own row ({@code column}) or a separate
 * relation query ({@code sql}) returning the columns {@code FromKey} and {@code ToKey}. A {@code required} reference
 * makes the target a dependency: selecting the object in a job selects the target too (spec §3.6), and the target is
 * written first.
 */
public record ReferenceSource(String name, ObjectType target, boolean required, String column, String sql) {

    public static ReferenceSource column(String name, ObjectType target, boolean required, String column) {
        return new ReferenceSource(name, target, required, column, null);
    }

    public static ReferenceSource relation(String name, ObjectType target, boolean required, String sql) {
        return new ReferenceSource(name, target, required, null, sql);
    }

    public boolean isColumn() {
        return column != null;
    }
}
