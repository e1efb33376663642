package io.cmmigration.simulator.manifest;

import io.cmmigration.events.catalogue.ObjectType;

/**
 * A reference the generator deliberately left dangling (the target was "deleted" in the source). {@code reference} is the
 * catalogue's reference name (e.g. {@code package}, {@code includeCollection}) or, for references the catalogue does not
 * model, a descriptive name ({@code dependentProgram}, {@code packageOnDistributionPoint}).
 */
public record BrokenReference(ObjectType type, String key, String reference, ObjectType targetType, String missingKey) {
}
