package io.cmmigration.events.catalogue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything type-specific about one object type, in one place (see {@link ObjectTypeCatalogue}).
 *
 * @param type               the type
 * @param displayName        the name the console uses
 * @param smsClass           SMS Provider class; also the {@code ObjectTypeName} of its folder memberships
 * @param securedObjectTypeId {@code v_SecuredObject.ObjectTypeID} (spec §7.4), 0 when the type is not secured
 * @param jobTypes           per source family, the job types that can carry it; a family absent here lacks the type
 * @param embeddedIn         for embedded types, the parent type whose document carries it; null otherwise
 * @param migratable         false for reference-only types (software updates come from the destination's own sync)
 * @param source             how to read it; null for embedded types (read as children of their parent)
 * @param children           embedded rows read with it
 * @param references         references to other objects; required ones are dependencies
 * @param remapFields        attribute fields that carry site codes or IDs remapped on the way to the destination
 * @param transformations    documented changes on the way to the destination
 * @param notes              prerequisites and caveats shown in a job's review information
 */
public record ObjectTypeSpec(
        ObjectType type,
        String displayName,
        String smsClass,
        int securedObjectTypeId,
        Map<SourceFamily, Set<JobType>> jobTypes,
        ObjectType embeddedIn,
        boolean migratable,
        SourceQuery source,
        List<ChildSource> children,
        List<ReferenceSource> references,
        List<String> remapFields,
        Set<Transformation> transformations,
        String notes) {

    /** Source families in which this type exists. */
    public Set<SourceFamily> families() {
        return jobTypes.isEmpty() ? EnumSet.noneOf(SourceFamily.class) : EnumSet.copyOf(jobTypes.keySet());
    }

    public boolean existsIn(SourceFamily family) {
        return jobTypes.containsKey(family);
    }

    /** Whether a job of {@code jobType} on a source of {@code family} may carry this type. */
    public boolean carriedBy(SourceFamily family, JobType jobType) {
        return jobTypes.getOrDefault(family, Set.of()).contains(jobType);
    }

    /** Top-level types are read and published on their own; embedded types only inside their parent. */
    public boolean topLevel() {
        return embeddedIn == null;
    }

    public List<ReferenceSource> requiredReferences() {
        return references.stream().filter(ReferenceSource::required).toList();
    }
}
