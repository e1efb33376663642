package io.cmmigration.job;

import static io.cmmigration.events.catalogue.ObjectType.APPLICATION;
import static io.cmmigration.events.catalogue.ObjectType.CLIENT;
import static io.cmmigration.events.catalogue.ObjectType.PACKAGE;
import static io.cmmigration.job.Fixture.attrs;
import static io.cmmigration.job.Fixture.ref;
import static io.cmmigration.job.JobTestSupport.awaitJob;
import static io.cmmigration.job.JobTestSupport.awaitObjects;
import static io.cmmigration.job.JobTestSupport.createJob;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.job.job.domain.DestinationTransformer;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Chunk boundaries must not change a job's outcome. With chunks of three objects, these tests put a refused object and
 * its dependants (and two clients sharing a GUID) on both sides of chunk boundaries, and stop a job while a chunk's
 * destination write is held by a table lock. (Written for the pipelined destination writer of the fifth session, where
 * chunk N+1 was transformed before chunk N was committed; kept as the rules any execution order must keep.)
 */
@QuarkusTest
@TestProfile(ChunkBoundaryTest.SmallChunks.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChunkBoundaryTest {

    public static class SmallChunks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cmm.job.chunk-size", "3");
        }
    }

    static final Fixture F = new Fixture("PIP");
    static boolean gathered;

    @BeforeEach
    void gather() {
        if (gathered) {
            return;
        }
        gathered = true;
        Fixture.publish(F.hierarchy(HierarchyEvent.Action.SPECIFIED, "CURRENT_BRANCH"));
        // Write order: depth within the type, then key. Chunks of 3: [1000, 1001, 1002] [1003, 1004, 1005] [1007, 1006].
        app("1000", "A0");
        app("1001", "A1 (refused)");
        appReferring("1002", "C0 refers to A1 (optional)", "1001");
        app("1003", "A2 requires A1", "1001");
        app("1004", "B1 requires A0", "1000");
        app("1005", "A3 requires A2", "1003");
        app("1006", "A4 requires A3", "1005");
        app("1007", "B2 requires B1", "1004");
        // Clients ordered by key: [c1, c2, c3] [c4]; c3 and c4 carry the same GUID (one destination id).
        client("2001", "GUID:PIP-1");
        client("2002", "GUID:PIP-2");
        client("2003", "GUID:PIP-SHARED");
        client("2004", "GUID:PIP-SHARED");
        F.publishAll();
        awaitObjects("PIP", 12);
    }

    private static void app(String id, String name, String... requires) {
        F.object(APPLICATION, id, name, 1, attrs("CI_ID", Long.parseLong(id)),
                java.util.Arrays.stream(requires).map(r -> ref("dependsOn", APPLICATION, "PIP", r, true)).toArray(io.cmmigration.events.ObjectReference[]::new));
    }

    /** An application with an optional reference (it does not move the write order: depth follows required references). */
    private static void appReferring(String id, String name, String optionalTarget) {
        F.object(APPLICATION, id, name, 1, attrs("CI_ID", Long.parseLong(id)), ref("supersedes", APPLICATION, "PIP", optionalTarget, false));
    }

    private static void client(String id, String guid) {
        F.object(CLIENT, id, "PC" + id, 0, attrs("ResourceID", Long.parseLong(id), "SMS_Unique_Identifier0", guid));
    }

    @Test
    @Order(1)
    void dependantsOfAnObjectRefusedInTheChunkBeingWrittenFailAsMissingDependencyInTheNextChunks() {
        // A foreign row holds A1's natural key under another id: the destination refuses A1 (batch, then alone) while the
        // next chunk must not be written with a required reference to the refused object.
        Destination.update("INSERT INTO migrated_object (destination_id, hierarchy_id, source_site, object_type, source_id, destination_type, name, "
                + "security_scopes, content_hash, job_id, migrated_at) VALUES ('foreign-pip', 'PIP', 'PIP', 'APPLICATION', '1001', 'Application', 'Foreign', "
                + "'[]', 'x', 0, CURRENT_TIMESTAMP)");
        String job = createJob(Map.of("name", "Applications", "type", "OBJECT", "hierarchyId", "PIP", "selection", Map.of("types", List.of("APPLICATION")),
                "securityScopes", List.of("Default")));
        JsonPath j = awaitJob(job, "COMPLETED");
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        JobTestSupport.jobObjects(job).forEach(o -> byKey.put((String) o.get("objectKey"), o));
        assertEquals(8, byKey.size());
        for (String ok : List.of("1000", "1002", "1004", "1007")) {
            assertEquals("COMPLETED", byKey.get("PIP/APPLICATION/" + ok).get("status"), ok + ": " + byKey);
            assertEquals(1, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'PIP' AND source_id = ?", ok).size(), ok);
        }
        // C0, written after A1 in A1's own chunk, refers to it optionally: written, its reference left empty, not dangling.
        String c0 = DestinationTransformer.destinationIdOfKey("PIP", "PIP/APPLICATION/1002");
        List<Map<String, Object>> c0Refs = Destination.rows("SELECT * FROM migrated_object_reference WHERE destination_id = ?", c0);
        assertEquals(1, c0Refs.size(), c0Refs.toString());
        assertEquals(null, c0Refs.get(0).get("target_destination_id"), c0Refs.toString());
        assertTrue(((String) byKey.get("PIP/APPLICATION/1002").get("message")).contains("left empty"), byKey.get("PIP/APPLICATION/1002").toString());
        Map<String, Object> refused = byKey.get("PIP/APPLICATION/1001");
        assertEquals("FAILED", refused.get("status"));
        assertTrue(((String) refused.get("message")).contains("destination database refused"), refused.toString());
        // A2 (next chunk, required A1), A3 (same chunk, requires A2: transitively) and A4 (the chunk after, requires A3,
        // which was planned while its chunk was being written).
        for (String missing : List.of("1003", "1005", "1006")) {
            Map<String, Object> o = byKey.get("PIP/APPLICATION/" + missing);
            assertEquals("FAILED", o.get("status"), missing + ": " + o);
            assertEquals(DestinationTransformer.MISSING_DEPENDENCY, ((Number) o.get("messageCode")).intValue(), missing + ": " + o);
            assertEquals(0, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'PIP' AND source_id = ?", missing).size(), missing);
            assertEquals(0, Destination.rows("SELECT * FROM migrated_object_reference WHERE destination_id = ?",
                    DestinationTransformer.destinationIdOfKey("PIP", "PIP/APPLICATION/" + missing)).size(), missing);
            assertEquals("FAILED", JobTestSupport.state("PIP", "PIP/APPLICATION/" + missing));
        }
        assertEquals(4, j.getLong("migrated"));
        assertEquals(4, j.getLong("failed"));
        // The foreign row is left as it was.
        List<Map<String, Object>> foreign = Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'PIP' AND source_id = '1001'");
        assertEquals(1, foreign.size());
        assertEquals("foreign-pip", foreign.get(0).get("destination_id"));
    }

    @Test
    @Order(2)
    void anObjectWhoseDestinationIdTheChunkBeingWrittenPlansUpdatesThatRow() throws Exception {
        // c4 shares c3's GUID: one chunk apart, c4 finds c3's row written by this job (as the sequential run's probe did)
        // and overwrites it instead of inserting a second row with the same id.
        // The first chunk's write is held back (a SHARE lock on the table blocks its inserts, not the probe's reads), so the
        // second chunk is certainly probed before the first is committed.
        String job;
        try (Connection lock = lockDestination()) {
            job = createJob(Map.of("name", "Clients", "type", "OBJECT", "hierarchyId", "PIP", "selection", Map.of("types", List.of("CLIENT")),
                    "securityScopes", List.of("Default")));
            awaitWriterBlocked();
            Thread.sleep(1500); // the stop request lands while the chunk is being written
            lock.commit();
        }
        JsonPath j = awaitJob(job, "COMPLETED");
        assertEquals(4, j.getLong("migrated"), JobTestSupport.jobObjects(job).toString());
        assertEquals(0, j.getLong("failed"));
        List<Map<String, Object>> shared = Destination.rows("SELECT * FROM migrated_object WHERE destination_id = 'GUID:PIP-SHARED'");
        assertEquals(1, shared.size());
        assertEquals("PC2004", shared.get(0).get("name"), "the later client's content");
        assertEquals(3, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'PIP' AND object_type = 'CLIENT'").size());
    }

    /** Until the job's destination insert waits for the test's table lock. */
    private static void awaitWriterBlocked() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> !Destination.rows(
                "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO migrated_object %'").isEmpty());
    }

    private static Connection lockDestination() throws Exception {
        Connection lock = Destination.connect();
        lock.setAutoCommit(false);
        try (Statement st = lock.createStatement()) {
            st.execute("LOCK TABLE migrated_object IN SHARE MODE");
        }
        return lock;
    }

    @Test
    @Order(3)
    void aStopRequestedWhileAChunkIsBeingWrittenEndsTheRunWithEveryWrittenChunkRecordedAndNoStageLeftRunning() throws Exception {
        List<SourceObjectEvent> packages = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String id = String.format("PIP%05d", i);
            packages.add(F.object(PACKAGE, id, "Package " + i, 1, attrs("PackageID", id, "programs", List.of())));
        }
        F.publishAll();
        awaitObjects("PIP", 21);
        String job;
        try (Connection lock = lockDestination()) {
            job = createJob(Map.of("name", "Stopped mid-write", "type", "OBJECT", "hierarchyId", "PIP", "selection",
                    Map.of("objectKeys", packages.stream().map(SourceObjectEvent::objectKey).toList()), "securityScopes", List.of("Default")));
            awaitWriterBlocked(); // chunk 1 being written
            Thread.sleep(1000);
            TestUsers.admin().post("/api/jobs/" + job + "/stop").then().statusCode(200);
            lock.commit();
        }
        JsonPath j = awaitJob(job, "STOPPED");
        // Whatever reached the destination was recorded before the run ended: rows = migrated objects, the rest not started.
        long migrated = j.getLong("migrated");
        assertTrue(migrated > 0 && migrated < 9, "stopped between chunks: " + migrated);
        assertEquals(migrated, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'PIP' AND source_id LIKE 'PIP%'").size());
        List<Map<String, Object>> objects = JobTestSupport.jobObjects(job);
        assertEquals(migrated, objects.stream().filter(o -> "COMPLETED".equals(o.get("status"))).count(), objects.toString());
        assertEquals(9 - migrated, objects.stream().filter(o -> "NOT_STARTED".equals(o.get("status"))).count(), objects.toString());
        // No thread of the run is left (reader, writer, recorder).
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().matches("job-(reader|writer|recorder)-" + job)));
        TestUsers.admin().post("/api/jobs/" + job + "/start").then().statusCode(200);
        JsonPath done = awaitJob(job, "COMPLETED");
        assertEquals(9, done.getLong("migrated"));
        assertEquals(9, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'PIP' AND source_id LIKE 'PIP%'").size());
    }
}
