package io.cmmigration.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.ChildSource;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.ReferenceSource;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceQuery;
import io.cmmigration.simulator.manifest.SiteDatabaseManifest;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalogue query (source, keys-only, changed-since, children, relation references, column references) runs
 * against a tiny database of each family that has the type, and every top-level type returns rows. Types of the other
 * family return no rows.
 */
class CatalogueQueriesTest {

    static Stream<Arguments> databases() {
        return Stream.of(TestHierarchies.currentBranch(), TestHierarchies.cm2007())
                .flatMap(h -> h.manifest().databases().stream().map(d -> Arguments.of(h, d.siteCode(), d.family())));
    }

    @ParameterizedTest(name = "{2} {1}")
    @MethodSource("databases")
    void everyCatalogueQueryRunsAndReturnsRows(SimulatedHierarchy h, String site, String familyName) throws Exception {
        SourceFamily family = SourceFamily.valueOf(familyName);
        try (Connection c = h.connect(site)) {
            for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(family)) {
                SourceQuery q = spec.source();
                List<Map<String, Object>> rows = TestHierarchies.rows(c, q.sql());
                assertFalse(rows.isEmpty(), spec.type() + " returns no rows in " + site);
                for (String column : Stream.of(q.keyColumn(), q.nameColumn(), q.versionColumn(), q.lastModifiedColumn()).filter(x -> x != null).toList()) {
                    assertTrue(rows.get(0).containsKey(column.toLowerCase()), spec.type() + " has no column " + column);
                }
                assertEquals(rows.size(), TestHierarchies.rows(c, q.keysSql()).size(), spec.type() + " keys-only form");
                if (TestHierarchies.changedSinceSql(q) != null) {
                    assertEquals(rows.size(), TestHierarchies.rows(c, TestHierarchies.changedSinceSql(q), LocalDateTime.of(1990, 1, 1, 0, 0)).size(),
                            spec.type() + " changed-since form");
                    assertTrue(TestHierarchies.rows(c, TestHierarchies.changedSinceSql(q), LocalDateTime.of(2100, 1, 1, 0, 0)).isEmpty());
                }
                for (ChildSource child : spec.children()) {
                    List<Map<String, Object>> childRows = TestHierarchies.rows(c, child.sql());
                    if (!childRows.isEmpty()) {
                        assertTrue(childRows.get(0).containsKey(child.parentKeyColumn().toLowerCase()), child.name() + " parent key column");
                    }
                }
                for (ReferenceSource r : spec.references()) {
                    if (r.isColumn()) {
                        assertTrue(rows.get(0).containsKey(r.column().toLowerCase()), spec.type() + " reference column " + r.column());
                    } else {
                        List<Map<String, Object>> refRows = TestHierarchies.rows(c, r.sql());
                        if (!refRows.isEmpty()) {
                            assertTrue(refRows.get(0).containsKey("fromkey") && refRows.get(0).containsKey("tokey"), r.name());
                        }
                    }
                }
            }
            // Children the generator fills for this family.
            assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_Program").isEmpty());
            assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_CollectionRuleQuery").isEmpty());
            assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_RA_System_SMSAssignedSites").isEmpty());
            if (family == SourceFamily.CM2012_PLUS) {
                assertFalse(TestHierarchies.rows(c, "SELECT * FROM fn_ListDeploymentTypeCIs(1033) WHERE IsLatest = 1").isEmpty());
            }
        }
    }

    @ParameterizedTest(name = "{2} {1}")
    @MethodSource("databases")
    void typesOfTheOtherFamilyHaveNoRows(SimulatedHierarchy h, String site, String familyName) throws Exception {
        SourceFamily family = SourceFamily.valueOf(familyName);
        try (Connection c = h.connect(site)) {
            for (ObjectTypeSpec spec : ObjectTypeCatalogue.all()) {
                if (spec.existsIn(family)) {
                    continue;
                }
                if (spec.source() != null) {
                    assertTrue(TestHierarchies.rows(c, spec.source().sql()).isEmpty(), spec.type() + " has rows in a " + family + " database");
                }
            }
            if (family == SourceFamily.CM2012_PLUS) {
                assertTrue(TestHierarchies.rows(c, "SELECT * FROM v_ServiceWindow").isEmpty(), "maintenance windows are 2007-only in the catalogue");
                assertTrue(TestHierarchies.rows(c, "SELECT * FROM v_CollectionVariable").isEmpty(), "collection variables are 2007-only in the catalogue");
            } else {
                assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_ServiceWindow").isEmpty());
                assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_CollectionVariable").isEmpty());
            }
        }
    }

    @ParameterizedTest(name = "{2} {1}")
    @MethodSource("databases")
    void manifestCountsMatchTheCatalogueQueries(SimulatedHierarchy h, String site, String familyName) throws Exception {
        SiteDatabaseManifest m = h.manifest().database(site);
        try (Connection c = h.connect(site)) {
            for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(SourceFamily.valueOf(familyName))) {
                assertEquals(TestHierarchies.rows(c, spec.source().keysSql()).size(), m.types().get(spec.type().name()).count(), spec.type().name());
            }
        }
    }
}
