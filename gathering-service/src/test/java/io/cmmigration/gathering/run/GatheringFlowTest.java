package io.cmmigration.gathering.run;

import static io.cmmigration.gathering.run.SourceFixtures.awaitRunEnded;
import static io.cmmigration.gathering.run.SourceFixtures.hierarchy;
import static io.cmmigration.gathering.run.SourceFixtures.secret;
import static io.cmmigration.gathering.run.SourceFixtures.simulate;
import static io.cmmigration.gathering.run.SourceFixtures.siteStatusPath;
import static io.cmmigration.gathering.run.SourceFixtures.specifyBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.DistributionPointEvent;
import io.cmmigration.events.GatheringStatusEvent;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.manifest.SiteDatabaseManifest;
import io.cmmigration.simulator.manifest.TypeSummary;
import io.cmmigration.simulator.mutate.MutationManifest;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Data gathering end to end: simulated source database -> REST -> Kafka, change detection, failures and recovery. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "gathering"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatheringFlowTest {

    private SimulatedHierarchy cas;
    private SimulatedHierarchy cb2;
    private TopicRecords objects;
    private TopicRecords dps;
    private TopicRecords statuses;
    private final String role = "cmm_reader_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void sources() {
        cas = simulate(SourceVersion.CURRENT_BRANCH, "CAS", "P01");
        cb2 = simulate(SourceVersion.CURRENT_BRANCH, "CB2", "P02");
        objects = new TopicRecords(Topic.SOURCE_OBJECTS);
        dps = new TopicRecords(Topic.DISTRIBUTION_POINTS);
        statuses = new TopicRecords(Topic.GATHERING_STATUS);
    }

    @AfterAll
    void drop() throws Exception {
        objects.close();
        dps.close();
        statuses.close();
        cas.drop();
        cb2.drop();
        try (Connection c = io.cmmigration.testsupport.db.TestDatabases.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void thinPathPublishesEveryCatalogueTypeWithAttributesAndReferencesThenDetectsExactlyTheChanges() {
        secret("srcpw", "not-needed-with-trust-auth");
        String url = cas.databases().get("CAS");
        String hierarchyId = TestUsers.admin().contentType(ContentType.JSON).body(specifyBody("cmcas.contoso.com", url, "postgres", "secret:srcpw", "DST"))
                .post("/api/hierarchies").then().statusCode(201).extract().path("hierarchyId");
        assertEquals("CAS", hierarchyId);
        JsonPath h = awaitRunEnded("CAS", "CAS", null, 1);
        String firstRun = h.getString(siteStatusPath("CAS") + ".runId");

        // Every top-level type of the family, as many objects as the source has (the simulator's manifest says how many).
        SiteDatabaseManifest manifest = cas.manifest().database("CAS");
        List<SourceObjectEvent> published = objects.all(SourceObjectEvent.class, e -> firstRun.equals(e.gatheringRunId()));
        Map<String, Long> byType = published.stream().collect(Collectors.groupingBy(e -> e.objectType().name(), Collectors.counting()));
        for (Map.Entry<String, TypeSummary> t : manifest.types().entrySet()) {
            assertEquals((long) t.getValue().count(), byType.getOrDefault(t.getKey(), 0L), "published " + t.getKey());
            assertEquals(t.getValue().count(), h.getInt(siteStatusPath("CAS") + ".counts." + t.getKey() + ".total"), "total " + t.getKey());
        }
        assertTrue(published.stream().allMatch(e -> e.change() == ChangeKind.DISCOVERED && e.fingerprint() != null));
        SourceObjectEvent collection = published.stream().filter(e -> e.objectType() == ObjectType.COLLECTION
                && e.references().stream().anyMatch(r -> r.name().equals("limitingCollection"))).findFirst().orElseThrow();
        assertTrue(collection.attributes().containsKey("queryRules") && collection.attributes().containsKey("CollectionID"), collection.attributes().keySet().toString());
        assertTrue(collection.name() != null && !collection.name().isBlank());
        SourceObjectEvent pkg = published.stream().filter(e -> e.objectType() == ObjectType.PACKAGE).findFirst().orElseThrow();
        assertTrue(pkg.sourceVersion() != null && pkg.attributes().get("programs") instanceof List<?>);

        // Distribution points with what DP sharing needs.
        List<DistributionPointEvent> points = dps.all(DistributionPointEvent.class, e -> firstRun.equals(e.gatheringRunId()));
        assertEquals(manifest.distributionPoints().size(), points.size());
        assertTrue(points.stream().anyMatch(DistributionPointEvent::onSiteServer));
        assertTrue(points.stream().anyMatch(p -> !p.fqdn()));
        assertTrue(points.stream().anyMatch(p -> !p.hostedPackages().isEmpty() && p.httpPort() != null));
        assertTrue(points.stream().anyMatch(p -> !p.otherRoles().isEmpty()));

        // Ready announced on the status topic with the counts.
        List<GatheringStatusEvent> ready = statuses.all(GatheringStatusEvent.class, e -> firstRun.equals(e.runId()) && e.statusCode() == 1);
        assertEquals(1, ready.size());
        assertFalse(ready.get(0).counts().isEmpty());

        // Unchanged source: a second run publishes nothing.
        String secondRun = gatherNow("CAS", firstRun);
        assertEquals(0, objects.all(SourceObjectEvent.class, e -> secondRun.equals(e.gatheringRunId())).size());
        assertEquals(0, dps.all(DistributionPointEvent.class, e -> secondRun.equals(e.gatheringRunId())).size());

        // 10% changed: exactly the added, changed and removed keys of the mutation manifest are published.
        MutationManifest mutation = cas.mutate(10, 99);
        String thirdRun = gatherNow("CAS", secondRun);
        List<SourceObjectEvent> changes = objects.all(SourceObjectEvent.class, e -> thirdRun.equals(e.gatheringRunId()));
        for (Map.Entry<String, MutationManifest.TypeChanges> t : mutation.database("CAS").types().entrySet()) {
            assertEquals(new TreeSet<>(t.getValue().added()), keys(changes, t.getKey(), ChangeKind.DISCOVERED), "added " + t.getKey());
            assertEquals(new TreeSet<>(t.getValue().changed()), keys(changes, t.getKey(), ChangeKind.CHANGED), "changed " + t.getKey());
            assertEquals(new TreeSet<>(t.getValue().removed()), keys(changes, t.getKey(), ChangeKind.REMOVED), "removed " + t.getKey());
        }
        assertTrue(changes.stream().filter(e -> e.change() == ChangeKind.REMOVED).allMatch(e -> e.attributes().isEmpty()));
        // A DP renamed to its FQDN: its new NAL path is discovered, the old one removed.
        List<DistributionPointEvent> dpChanges = dps.all(DistributionPointEvent.class, e -> thirdRun.equals(e.gatheringRunId()));
        for (MutationManifest.DistributionPointChange renamed : mutation.database("CAS").distributionPointsChanged()) {
            assertTrue(dpChanges.stream().anyMatch(e -> e.change() == ChangeKind.DISCOVERED && e.nalPath().equals(renamed.newNalPath()) && e.fqdn()),
                    renamed.toString());
            assertTrue(dpChanges.stream().anyMatch(e -> e.change() == ChangeKind.REMOVED && e.nalPath().equals(renamed.oldNalPath())), renamed.toString());
        }

        // Changes only in child rows or relation rows, without the last-modified column moving (types read by
        // watermark): a program's command line, a collection's query rule, a collection taken out of its folder.
        String edited = sqlValue(cas, "SELECT MIN(p.PackageID) FROM v_Package p JOIN v_Program g ON g.PackageID = p.PackageID WHERE p.PackageType = 0");
        String coll = sqlValue(cas, "SELECT MIN(CollectionID) FROM v_CollectionRuleQuery");
        String foldered = sqlValue(cas, "SELECT MIN(f.InstanceKey) FROM vFolderMembers f JOIN v_Collection c ON c.CollectionID = f.InstanceKey "
                + "WHERE f.ObjectTypeName = 'SMS_Collection' AND f.InstanceKey <> '" + coll + "'");
        String pkgModified = sqlValue(cas, "SELECT CAST(LastRefreshTime AS VARCHAR) FROM v_Package WHERE PackageID = '" + edited + "'");
        sql(cas, "UPDATE PkgPrograms SET CommandLine = 'setup.exe /child-only-change' WHERE PackageID = '" + edited + "'");
        sql(cas, "UPDATE CollectionRules_Query SET RuleName = 'child-only change' WHERE CollectionID = '" + coll + "'");
        sql(cas, "DELETE FROM FolderMembers WHERE ObjectTypeName = 'SMS_Collection' AND InstanceKey = '" + foldered + "'");
        assertEquals(pkgModified, sqlValue(cas, "SELECT CAST(LastRefreshTime AS VARCHAR) FROM v_Package WHERE PackageID = '" + edited + "'"));
        String fourthRun = gatherNow("CAS", thirdRun);
        List<SourceObjectEvent> childOnly = objects.all(SourceObjectEvent.class, e -> fourthRun.equals(e.gatheringRunId()));
        assertEquals(new TreeSet<>(List.of("COLLECTION/" + coll, "COLLECTION/" + foldered, "PACKAGE/" + edited)),
                childOnly.stream().map(e -> e.objectType() + "/" + e.sourceId()).collect(Collectors.toCollection(TreeSet::new)));
        assertTrue(childOnly.stream().allMatch(e -> e.change() == ChangeKind.CHANGED));
        SourceObjectEvent program = childOnly.stream().filter(e -> e.sourceId().equals(edited)).findFirst().orElseThrow();
        assertTrue(program.attributes().get("programs").toString().contains("/child-only-change"), program.attributes().toString());
        SourceObjectEvent unfoldered = childOnly.stream().filter(e -> e.sourceId().equals(foldered)).findFirst().orElseThrow();
        assertTrue(unfoldered.references().stream().noneMatch(r -> r.name().equals("folder")), unfoldered.references().toString());

        // And the next run over the unchanged source publishes nothing again.
        String fifthRun = gatherNow("CAS", fourthRun);
        assertEquals(0, objects.all(SourceObjectEvent.class, e -> fifthRun.equals(e.gatheringRunId())).size());
    }

    private static String sqlValue(SimulatedHierarchy h, String query) {
        try (Connection c = h.connect(h.manifest().topSiteCode()); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(query)) {
            assertTrue(rs.next(), query);
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void gatherNowRunsAtOnceAndResetsTheNextRun() {
        secret("cb2pw", "x");
        // A database account that cannot log in is rejected by the preflight.
        TestUsers.admin().contentType(ContentType.JSON).body(specifyBody("cmcb2.contoso.com", cb2.databases().get("CB2"), role, "secret:cb2pw", "DS2"))
                .post("/api/hierarchies").then().statusCode(422).body("type", org.hamcrest.Matchers.equalTo("urn:cm-migration:status:259"));
        sql("CREATE ROLE " + role + " LOGIN");
        sql(cb2, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        sql(cb2, "REVOKE SELECT ON v_R_System FROM " + role);
        TestUsers.admin().contentType(ContentType.JSON).body(specifyBody("cmcb2.contoso.com", cb2.databases().get("CB2"), role, "secret:cb2pw", "DS2"))
                .post("/api/hierarchies").then().statusCode(201);

        // Missing SELECT permission on the clients view: objects were sent, but nothing is taken as gathered.
        String run0 = awaitRunEnded("CB2", "CB2", null, 259).getString(siteStatusPath("CB2") + ".runId");
        Instant asked = Instant.now();
        String run1 = gatherNow("CB2", run0, 259);
        JsonPath h = hierarchy("CB2");
        assertTrue(h.getString(siteStatusPath("CB2") + ".statusMessage").toLowerCase().contains("permission"), h.prettify());
        Instant started = Instant.parse(h.getString(siteStatusPath("CB2") + ".lastRunStartedAt"));
        Instant next = Instant.parse(h.getString(siteStatusPath("CB2") + ".nextRunAt"));
        assertTrue(!started.isBefore(asked.minusSeconds(1)), "gather now started the run at once");
        assertEquals(Duration.ofMinutes(240), Duration.between(started, next), "the next run is one interval after gather now");
        assertTrue(statuses.all(GatheringStatusEvent.class, e -> run1.equals(e.runId()) && e.statusCode() == 259).size() == 1);

        sql(cb2, "GRANT SELECT ON v_R_System TO " + role);
        String run2 = gatherNow("CB2", run1);
        SiteDatabaseManifest manifest = cb2.manifest().database("CB2");
        long total = manifest.types().values().stream().mapToLong(TypeSummary::count).sum();
        // Everything is published again as discovered: the failed run committed nothing.
        assertEquals(total, objects.all(SourceObjectEvent.class, e -> run2.equals(e.gatheringRunId()) && e.change() == ChangeKind.DISCOVERED).size());

        // The source database goes away in the middle of a run (its session is terminated while a view is read).
        String original = "SELECT HardwareRequirementID, SoftwareTitle, MinCPU, MinRAM, MinDiskSpace, MinDiskSize, LastUpdated FROM LU_HardwareReadiness";
        sql(cb2, "CREATE OR REPLACE VIEW v_LU_HardwareReadiness AS " + original + " WHERE pg_terminate_backend(pg_backend_pid())");
        String run3 = gatherNow("CB2", run2, 515);
        assertTrue(hierarchy("CB2").getString(siteStatusPath("CB2") + ".statusMessage").contains("v_LU_HardwareReadiness"));
        sql(cb2, "CREATE OR REPLACE VIEW v_LU_HardwareReadiness AS " + original);
        String run4 = gatherNow("CB2", run3);
        assertEquals(0, objects.all(SourceObjectEvent.class, e -> run4.equals(e.gatheringRunId())).size(), "state of the last good run kept");
        assertEquals(total, hierarchy("CB2").getLong(siteStatusPath("CB2") + ".totalObjects")
                + hierarchy("CB2").getLong(siteStatusPath("CB2") + ".totalClients"));
    }

    private static String gatherNow(String site, String previousRunId) {
        return gatherNow(site, previousRunId, 1);
    }

    private static String gatherNow(String site, String previousRunId, int expectedStatus) {
        TestUsers.admin().post("/api/hierarchies/" + site + "/sites/" + site + "/gather-now").then().statusCode(202);
        return awaitRunEnded(site, site, previousRunId, expectedStatus).getString(siteStatusPath(site) + ".runId");
    }

    private static Set<String> keys(List<SourceObjectEvent> events, String type, ChangeKind kind) {
        return events.stream().filter(e -> e.objectType().name().equals(type) && e.change() == kind).map(SourceObjectEvent::sourceId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void sql(String statement) {
        try (Connection c = io.cmmigration.testsupport.db.TestDatabases.connect("postgres"); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(SimulatedHierarchy h, String statement) {
        try (Connection c = h.connect(h.manifest().topSiteCode()); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
