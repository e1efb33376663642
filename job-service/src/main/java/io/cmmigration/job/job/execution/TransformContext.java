package io.cmmigration.job.job.execution;

import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.job.catalogue.domain.CatalogueObject;
import io.cmmigration.job.job.domain.DestinationTransformer;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The transformer's view of the world for one batch: looked-up catalogue objects and what is in the destination. */
record TransformContext(String hierarchyId, SourceFamily family, String destinationSite, Map<String, CatalogueObject> lookups,
        Predicate<String> presence) implements DestinationTransformer.Context {

    @Override
    public boolean inDestination(String objectKey) {
        return presence.test(objectKey);
    }

    @Override
    public CatalogueObject lookup(String objectKey) {
        return lookups.get(objectKey);
    }

    static Predicate<String> keysIn(Set<String> presentIds, String hierarchyId) {
        return key -> presentIds.contains(DestinationTransformer.destinationIdOfKey(hierarchyId, key));
    }
}
