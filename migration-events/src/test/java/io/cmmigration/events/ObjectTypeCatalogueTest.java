package io.cmmigration.events;

import static io.cmmigration.events.catalogue.JobType.COLLECTION;
import static io.cmmigration.events.catalogue.JobType.MODIFIED_AFTER_MIGRATION;
import static io.cmmigration.events.catalogue.JobType.OBJECT;
import static io.cmmigration.events.catalogue.SourceFamily.CM2007;
import static io.cmmigration.events.catalogue.SourceFamily.CM2012_PLUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.ReferenceSource;
import io.cmmigration.events.catalogue.SourceVersion;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue states the rules of spec §3.9 correctly (expectations written from the spec, not from the table). */
class ObjectTypeCatalogueTest {

    private static ObjectTypeSpec spec(ObjectType t) {
        return ObjectTypeCatalogue.spec(t);
    }

    @Test
    void everyTypeIsDescribedAndReadableOrEmbedded() {
        for (ObjectType t : ObjectType.values()) {
            ObjectTypeSpec s = spec(t);
            assertNotNull(s, t.name());
            assertFalse(s.families().isEmpty(), t + " exists in no source version");
            if (s.topLevel()) {
                assertNotNull(s.source(), t + " has no source query");
                assertTrue(s.source().sql().startsWith("SELECT"), t.name());
            } else {
                assertNull(s.source(), t + " is embedded and must be read with its parent");
                assertTrue(spec(s.embeddedIn()).children().stream().anyMatch(c -> c.embeddedType() == t), t + " is not a child of its parent");
            }
            for (ReferenceSource r : s.references()) {
                assertTrue(r.isColumn() || r.sql().contains("AS FromKey") && r.sql().contains("AS ToKey"), t + "." + r.name());
            }
        }
    }

    @Test
    void jobTypeAvailabilityFollowsSpec39() {
        assertEquals(Set.of(COLLECTION), spec(ObjectType.ADVERTISEMENT).jobTypes().get(CM2007));
        assertFalse(spec(ObjectType.ADVERTISEMENT).existsIn(CM2012_PLUS));
        assertTrue(spec(ObjectType.COLLECTION).carriedBy(CM2007, COLLECTION));
        assertFalse(spec(ObjectType.COLLECTION).carriedBy(CM2012_PLUS, COLLECTION), "no collection job for 2012+ sources");
        assertTrue(spec(ObjectType.COLLECTION).carriedBy(CM2012_PLUS, OBJECT));
        assertFalse(spec(ObjectType.VIRTUAL_APPLICATION_PACKAGE).carriedBy(CM2007, MODIFIED_AFTER_MIGRATION), "App-V never overwritten");
        assertFalse(spec(ObjectType.APPLICATION).existsIn(CM2007));
        assertFalse(spec(ObjectType.DEPLOYMENT).existsIn(CM2007));
        assertEquals(Set.of(COLLECTION), spec(ObjectType.MAINTENANCE_WINDOW).jobTypes().get(CM2007));
        assertEquals(Set.of(OBJECT, MODIFIED_AFTER_MIGRATION), spec(ObjectType.SOFTWARE_METERING_RULE).jobTypes().get(CM2007));
        assertFalse(spec(ObjectType.SOFTWARE_UPDATE).migratable());
        assertFalse(ObjectTypeCatalogue.migratableBy(CM2012_PLUS, OBJECT).contains(ObjectType.SOFTWARE_UPDATE));
        assertTrue(ObjectTypeCatalogue.migratableBy(CM2007, COLLECTION).contains(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT));
    }

    @Test
    void dependenciesCloseOverWhatATaskSequenceNeeds() {
        Set<ObjectType> ts = ObjectTypeCatalogue.requiredTypesClosure(ObjectType.TASK_SEQUENCE);
        assertTrue(ts.containsAll(Set.of(ObjectType.BOOT_IMAGE, ObjectType.PACKAGE, ObjectType.DRIVER_PACKAGE, ObjectType.DRIVER,
                ObjectType.OS_IMAGE, ObjectType.OS_INSTALL_PACKAGE)), ts.toString());
        assertTrue(ObjectTypeCatalogue.requiredTypesClosure(ObjectType.ADVERTISEMENT).containsAll(Set.of(ObjectType.PACKAGE, ObjectType.COLLECTION)));
        assertFalse(ObjectTypeCatalogue.requiredTypesClosure(ObjectType.PACKAGE).contains(ObjectType.ORGANIZATIONAL_FOLDER),
                "folders are optional: they move only with the folder-structure option");
    }

    @Test
    void dependencyOrderWritesEveryRequiredTypeFirst() {
        List<ObjectType> order = ObjectTypeCatalogue.dependencyOrder();
        assertEquals(ObjectType.values().length, order.size());
        for (ObjectType t : ObjectType.values()) {
            for (ReferenceSource r : spec(t).requiredReferences()) {
                if (r.target() != t) {
                    assertTrue(order.indexOf(r.target()) < order.indexOf(t), r.target() + " must come before " + t);
                }
            }
        }
    }

    @Test
    void siteVersionStringsMapToSupportedVersions() {
        assertEquals(SourceVersion.CM2007_SP2, SourceVersion.fromSiteVersion("4.00.6487"));
        assertTrue(SourceVersion.fromSiteVersion("4.00.6487").supported());
        assertFalse(SourceVersion.fromSiteVersion("4.00.6221").supported(), "2007 SP1 is not a supported source");
        assertEquals(SourceVersion.CURRENT_BRANCH, SourceVersion.fromSiteVersion("5.00.9040"));
        assertFalse(SourceVersion.fromSiteVersion(SourceVersion.CM2012_SP1.buildString()).supported());
        assertNull(SourceVersion.fromSiteVersion("3.0"));
    }
}
