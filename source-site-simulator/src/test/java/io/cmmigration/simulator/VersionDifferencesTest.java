package io.cmmigration.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.SourceVersion;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** What differs between a 2007 hierarchy and a 2012+/CB hierarchy, and the site data both carry. */
class VersionDifferencesTest {

    @Test
    void cm2007HasOneDatabasePerPrimaryAdvertisementsAndNoLimitingCollections() throws Exception {
        SimulatedHierarchy h = TestHierarchies.cm2007();
        assertEquals(List.of("CEN", "P07"), List.copyOf(h.databases().keySet()));
        for (String site : h.databases().keySet()) {
            try (Connection c = h.connect(site)) {
                assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_Advertisement").isEmpty());
                assertTrue(TestHierarchies.rows(c, "SELECT * FROM v_DeploymentSummary").isEmpty());
                assertTrue(TestHierarchies.rows(c, "SELECT * FROM fn_ListApplicationCIs(1033)").isEmpty());
                assertTrue(TestHierarchies.rows(c, "SELECT * FROM v_Collection WHERE LimitToCollectionID IS NOT NULL").isEmpty());
                assertEquals(List.of(site), TestHierarchies.strings(c, "SELECT ThisSiteCode FROM v_Identification"));
                assertEquals(Set.of("4.00.6487"), Set.copyOf(TestHierarchies.strings(c, "SELECT Version FROM v_Site")));
                assertEquals(Set.of("STANDARD", "SERVER_SHARE", "BRANCH"), Set.copyOf(TestHierarchies.strings(c, "SELECT DPType FROM v_DistributionPointInfo")));
                assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_BoundarySiteSystems").isEmpty(), "protected DP boundaries");
                assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_CollectionRuleQuery WHERE QueryExpression LIKE '%SMSAssignedSites = \"" + site + "\"%'").isEmpty());
                assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_Collection WHERE CollectionType = 0").isEmpty(), "collections mixing users and devices");
                // Objects of this database were created at this primary.
                assertEquals(Set.of(site), Set.copyOf(TestHierarchies.strings(c, "SELECT SourceSite FROM v_Package")));
            }
        }
        try (Connection c = h.connect("P07")) {
            Map<String, String> parents = TestHierarchies.rows(c, "SELECT SiteCode, ReportingSiteCode FROM v_Site").stream()
                    .collect(Collectors.toMap(r -> (String) r.get("sitecode"), r -> (String) r.get("reportingsitecode")));
            assertEquals(Map.of("CEN", "", "P07", "CEN", "S71", "P07", "S72", "P07"), parents);
        }
    }

    @Test
    void currentBranchHasOneDatabaseApplicationsDeploymentsAndLimitingCollections() throws Exception {
        SimulatedHierarchy h = TestHierarchies.currentBranch();
        assertEquals(List.of("CAS"), List.copyOf(h.databases().keySet()));
        try (Connection c = h.connect("CAS")) {
            assertTrue(TestHierarchies.rows(c, "SELECT * FROM v_Advertisement").isEmpty());
            assertEquals(Set.of(1, 2, 5, 6, 7), Set.copyOf(TestHierarchies.rows(c, "SELECT DISTINCT FeatureType FROM v_DeploymentSummary").stream()
                    .map(r -> (Integer) r.get("featuretype")).toList()), "all deployment feature types");
            assertTrue(TestHierarchies.rows(c, "SELECT * FROM v_Collection WHERE IsBuiltIn = 0 AND LimitToCollectionID IS NULL").isEmpty());
            assertEquals(TestHierarchies.rows(c, "SELECT * FROM v_Collection WHERE LimitToCollectionID IS NOT NULL").size(),
                    TestHierarchies.rows(c, "SELECT * FROM vSMS_CollectionDependencies WHERE RelationshipType = 1").size());
            Map<String, Integer> types = TestHierarchies.rows(c, "SELECT SiteCode, Type FROM v_Site").stream()
                    .collect(Collectors.toMap(r -> (String) r.get("sitecode"), r -> (Integer) r.get("type")));
            assertEquals(Map.of("CAS", 4, "P01", 2, "P02", 2, "S01", 1, "S02", 1), types);
            assertEquals(Set.of(SourceVersion.CURRENT_BRANCH.buildString()), Set.copyOf(TestHierarchies.strings(c, "SELECT Version FROM v_Site")));
            assertEquals(Set.of("STANDARD", "PULL"), Set.copyOf(TestHierarchies.strings(c, "SELECT DPType FROM v_DistributionPointInfo")));
            assertFalse(TestHierarchies.rows(c, "SELECT * FROM vSMS_AppRelation_Flat").isEmpty() && h.manifest().database("CAS").types().get("APPLICATION").count() > 10);
            assertFalse(TestHierarchies.rows(c, "SELECT * FROM v_GlobalCondition").isEmpty());
            assertFalse(TestHierarchies.rows(c, "SELECT * FROM fn_ListApplicationCIs(1033) a JOIN fn_ListDeploymentTypeCIs(1033) d ON d.AppCI_ID = a.CI_ID").isEmpty());
            assertEquals(Set.of("P01", "P02"), Set.copyOf(TestHierarchies.strings(c, "SELECT DISTINCT SMS_Assigned_Sites0 FROM v_RA_System_SMSAssignedSites")));
        }
    }

    @Test
    void otherVersionsWriteTheirBuildStringsAndAChildMayRunAnotherVersion() throws Exception {
        SimulatedHierarchy h = SourceSiteSimulator.builder().version(SourceVersion.CM2012_R2_SP1).topSiteCode("R2T").primaries()
                .secondaries("R2S").siteVersion("R2S", SourceVersion.CM2012_SP2).clientRequestPorts("R2T", 8080, 8443)
                .counts(Map.of()).size(Size.TINY).seed(3)
                .create(TestHierarchies.ADMIN_URL, TestHierarchies.USER, TestHierarchies.PASSWORD, TestHierarchies.uniquePrefix("r2"));
        try (Connection c = h.connect("R2T")) {
            Map<String, String> versions = TestHierarchies.rows(c, "SELECT SiteCode, Version FROM v_Site").stream()
                    .collect(Collectors.toMap(r -> (String) r.get("sitecode"), r -> (String) r.get("version")));
            assertEquals(Map.of("R2T", "5.00.8239.1000", "R2S", "5.00.8239"), versions);
            assertEquals(List.of("8080"), TestHierarchies.strings(c, "SELECT HttpPort FROM v_SiteClientRequestPorts WHERE SiteCode = 'R2T'"));
            assertEquals(List.of("2"), TestHierarchies.strings(c, "SELECT Type FROM v_Site WHERE SiteCode = 'R2T'"), "stand-alone primary");
        } finally {
            h.drop();
        }
    }
}
