package io.cmmigration.job;

import static io.cmmigration.events.catalogue.ObjectType.PACKAGE;
import static io.cmmigration.job.Fixture.attrs;
import static io.cmmigration.job.JobTestSupport.awaitJob;
import static io.cmmigration.job.JobTestSupport.awaitObjects;
import static io.cmmigration.job.JobTestSupport.createJob;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Crash safety and verification: a job found Running with an expired lease of a dead replica is taken over and
 * finishes so that the destination holds exactly one row per object; reconciliation finds a tampered destination row.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResumeAndReconcileTest {

    static final Fixture F = new Fixture("RES");
    static final List<SourceObjectEvent> packages = new ArrayList<>();
    static boolean gathered;
    static String jobId;

    @BeforeEach
    void gather() {
        if (gathered) {
            return;
        }
        gathered = true;
        Fixture.publish(F.hierarchy(HierarchyEvent.Action.SPECIFIED, "CM2012_R2_SP1"));
        for (int i = 0; i < 30; i++) {
            String id = String.format("RES%05d", i);
            packages.add(F.object(PACKAGE, id, "Package " + i, 1, attrs("PackageID", id, "programs", List.of(attrs("ProgramName", "p", "ProgramFlags", 0)))));
        }
        F.publishAll();
        awaitObjects("RES", 30);
    }

    @Test
    @Order(1)
    void aJobOrphanedByADeadReplicaIsResumedAndTheDestinationEndsAsIfNothingHappened() {
        jobId = createJob(Map.of("name", "All packages", "type", "OBJECT", "hierarchyId", "RES", "selection", Map.of("types", List.of("PACKAGE")),
                "securityScopes", List.of("Default")));
        awaitJob(jobId, "COMPLETED");
        long id = Long.parseLong(jobId);
        // Stage what a replica killed mid-job leaves: the last 15 objects not recorded, 10 of them already written to the
        // destination (crash between the destination commit and the bookkeeping), 5 never written; its lease still held.
        // The dead replica's lease first: until it expires nobody may touch the job.
        ServiceDb.update("UPDATE service_lease SET owner = 'dead-replica', expires_at = ? WHERE lease_name = ?",
                Timestamp.from(Instant.now().plusSeconds(8)), "job:" + id);
        List<String> lastFifteen = new ArrayList<>();
        for (int i = 15; i < 30; i++) {
            lastFifteen.add(String.format("RES/PACKAGE/RES%05d", i));
        }
        for (String key : lastFifteen) {
            ServiceDb.update("UPDATE job_object SET status = 'NOT_STARTED', message = NULL WHERE job_id = ? AND object_key = ?", id, key);
            ServiceDb.update("UPDATE catalogue_object SET job_phase = 'RUNNING', migrated_fingerprint = NULL, state = 'RUNNING' WHERE hierarchy_id = 'RES' AND object_key = ?", key);
        }
        for (int i = 25; i < 30; i++) {
            String sourceId = String.format("RES%05d", i);
            Destination.update("DELETE FROM migrated_object_reference WHERE destination_id IN (SELECT destination_id FROM migrated_object WHERE source_id = ?)", sourceId);
            Destination.update("DELETE FROM migrated_object WHERE source_id = ?", sourceId);
        }
        ServiceDb.update("UPDATE migration_job SET status = 'RUNNING', ended_at = NULL, migrated = 15 WHERE id = ?", id);
        assertEquals(25, Destination.objects("RES").size());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonPath j = TestUsers.viewer().get("/api/jobs/" + jobId).then().extract().jsonPath();
            return "COMPLETED".equals(j.getString("status")) && j.getLong("migrated") == 30;
        });
        JsonPath j = TestUsers.viewer().get("/api/jobs/" + jobId).then().extract().jsonPath();
        assertEquals(30, j.getLong("total"));
        assertEquals(0, j.getLong("failed"));
        assertEquals(0, j.getLong("skipped"));
        assertEquals(30, Destination.objects("RES").size());
        assertEquals(30, Destination.rows("SELECT * FROM id_mapping WHERE hierarchy_id = 'RES'").size());
        assertTrue(Destination.objects("RES").values().stream().allMatch(r -> ((Number) r.get("job_id")).longValue() == id));
        assertEquals(30, TestUsers.viewer().queryParam("hierarchyId", "RES").queryParam("state", "MIGRATED").get("/api/objects").then().extract()
                .jsonPath().getLong("total"));
    }

    @Test
    @Order(2)
    void reconciliationRunsAtJobEndAndCatchesATamperedRowAndAChangedSource() {
        await().atMost(Duration.ofSeconds(30)).until(() -> TestUsers.viewer().get("/api/jobs/" + jobId + "/reconciliation").statusCode() == 200);
        JsonPath clean = TestUsers.admin().post("/api/jobs/" + jobId + "/reconcile").then().statusCode(200).extract().jsonPath();
        assertEquals(30, clean.getLong("checked"));
        assertEquals(30, clean.getLong("matching"));

        Destination.update("UPDATE migrated_object SET name = 'Tampered' WHERE hierarchy_id = 'RES' AND source_id = 'RES00003'");
        Fixture.publish(Fixture.changed(packages.get(4), "Package 4 v2", packages.get(4).attributes()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "MODIFIED".equals(JobTestSupport.state("RES", "RES/PACKAGE/RES00004")));
        JsonPath report = TestUsers.admin().post("/api/jobs/" + jobId + "/reconcile").then().statusCode(200).extract().jsonPath();
        assertEquals(28, report.getLong("matching"));
        List<Map<String, Object>> diffs = report.getList("differences");
        assertEquals(2, diffs.size(), diffs.toString());
        assertTrue(diffs.stream().anyMatch(d -> d.get("objectKey").equals("RES/PACKAGE/RES00003") && d.get("kind").equals("CONTENT_DIFFERS")), diffs.toString());
        assertTrue(diffs.stream().anyMatch(d -> d.get("objectKey").equals("RES/PACKAGE/RES00004") && d.get("kind").equals("SOURCE_CHANGED")), diffs.toString());
        TestUsers.viewer().post("/api/jobs/" + jobId + "/reconcile").then().statusCode(403);
    }

    @Test
    @Order(3)
    void reconciliationReportsADestinationRowDeletedAfterMigration() {
        Destination.update("DELETE FROM migrated_object_reference WHERE destination_id IN (SELECT destination_id FROM migrated_object WHERE hierarchy_id = 'RES' AND source_id = 'RES00007')");
        assertEquals(1, Destination.update("DELETE FROM migrated_object WHERE hierarchy_id = 'RES' AND source_id = 'RES00007'"));
        JsonPath report = TestUsers.admin().post("/api/jobs/" + jobId + "/reconcile").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> diffs = report.getList("differences");
        assertEquals(3, diffs.size(), diffs.toString());
        assertTrue(diffs.stream().anyMatch(d -> d.get("objectKey").equals("RES/PACKAGE/RES00007") && d.get("kind").equals("MISSING_IN_DESTINATION")
                && ((String) d.get("detail")).contains("no longer has it")), diffs.toString());
        assertEquals(1, report.getLong("differencesByKind.MISSING_IN_DESTINATION"));
        assertEquals(27, report.getLong("matching"));
        assertEquals(30, report.getLong("checked"), "29 rows compared plus the one missing");
        // The stored report (GET) says the same.
        JsonPath stored = TestUsers.viewer().get("/api/jobs/" + jobId + "/reconciliation").then().statusCode(200).extract().jsonPath();
        assertEquals(1, stored.getLong("differencesByKind.MISSING_IN_DESTINATION"));
    }

    @Test
    @Order(4)
    void anObjectTheDestinationRefusesFailsAloneAndItsSiblingsInTheSameBatchAreWritten() {
        // Someone left a foreign row in the destination that holds the natural key of one of these packages under another id
        // (the probe by destination id cannot see it): the natural-key constraint refuses the batch insert as a whole, the
        // writer falls back to one object at a time for that batch.
        List<SourceObjectEvent> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = String.format("REF%05d", i);
            more.add(F.object(PACKAGE, id, "Refused batch " + i, 1, attrs("PackageID", id, "programs", List.of())));
        }
        F.publishAll();
        awaitObjects("RES", 35);
        Destination.update("INSERT INTO migrated_object (destination_id, hierarchy_id, source_site, object_type, source_id, destination_type, name, "
                + "security_scopes, content_hash, job_id, migrated_at) VALUES ('foreign-1', 'RES', 'RES', 'PACKAGE', 'REF00002', 'Package', 'Foreign', "
                + "'[]', 'x', 0, CURRENT_TIMESTAMP)");
        String job = createJob(Map.of("name", "Refused", "type", "OBJECT", "hierarchyId", "RES", "selection",
                Map.of("objectKeys", more.stream().map(SourceObjectEvent::objectKey).toList()),
                "securityScopes", List.of("Default")));
        JsonPath j = awaitJob(job, "COMPLETED");
        assertEquals(4, j.getLong("migrated"));
        assertEquals(1, j.getLong("failed"));
        Map<String, Map<String, Object>> byKey = new java.util.HashMap<>();
        JobTestSupport.jobObjects(job).forEach(o -> byKey.put((String) o.get("objectKey"), o));
        assertEquals("FAILED", byKey.get("RES/PACKAGE/REF00002").get("status"));
        assertTrue(((String) byKey.get("RES/PACKAGE/REF00002").get("message")).contains("destination database refused"), byKey.toString());
        for (String ok : List.of("REF00000", "REF00001", "REF00003", "REF00004")) {
            assertEquals("COMPLETED", byKey.get("RES/PACKAGE/" + ok).get("status"), ok);
            assertEquals(1, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'RES' AND source_id = ?", ok).size(), ok);
        }
        // The foreign row is left as it was; nothing was written for the refused object.
        List<Map<String, Object>> refused = Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'RES' AND source_id = 'REF00002'");
        assertEquals(1, refused.size());
        assertEquals("foreign-1", refused.get(0).get("destination_id"));
        assertEquals("Foreign", refused.get(0).get("name"));
        assertEquals(0, Destination.rows("SELECT * FROM migrated_object_reference WHERE destination_id = ?",
                io.cmmigration.job.job.domain.DestinationTransformer.destinationIdOfKey("RES", "RES/PACKAGE/REF00002")).size());
        assertEquals("FAILED", JobTestSupport.state("RES", "RES/PACKAGE/REF00002"));
    }

    @Test
    @Order(5)
    void aStopRequestedWhileTheJobRunsStopsItBeforeTheNextChunkAndAStartResumesIt() {
        List<SourceObjectEvent> more = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = String.format("STP%05d", i);
            more.add(F.object(PACKAGE, id, "Stopped " + i, 1, attrs("PackageID", id, "programs", List.of())));
        }
        F.publishAll();
        awaitObjects("RES", 38);
        String job = createJob(Map.of("name", "Stopped", "type", "OBJECT", "hierarchyId", "RES", "selection",
                Map.of("objectKeys", more.stream().map(SourceObjectEvent::objectKey).toList()), "securityScopes", List.of("Default"),
                "schedule", Map.of("mode", "DO_NOT_RUN")));
        long id = Long.parseLong(job);
        // Staged: the job runs on another replica when an administrator asks it to stop; that replica dies, its lease expires,
        // and this one resumes the job: it sees the stop request before writing anything and stops.
        ServiceDb.update("INSERT INTO service_lease (lease_name, owner, expires_at) VALUES (?, 'other-replica', ?)", "job:" + id,
                Timestamp.from(Instant.now().plusSeconds(60)));
        ServiceDb.update("UPDATE migration_job SET status = 'RUNNING', ever_started = ?, stop_requested = ?, schedule_mode = 'NOW' WHERE id = ?", true, true, id);
        assertEquals("RUNNING", JobTestSupport.state("RES", "RES/PACKAGE/STP00000"));
        ServiceDb.update("UPDATE service_lease SET expires_at = ? WHERE lease_name = ?", Timestamp.from(Instant.now().minusSeconds(1)), "job:" + id);
        awaitJob(job, "STOPPED");
        assertEquals(0, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'RES' AND source_id LIKE 'STP%'").size());
        for (SourceObjectEvent o : more) {
            assertEquals("AVAILABLE_TO_MIGRATE", JobTestSupport.state("RES", o.objectKey()), "a stopped job holds no object");
        }
        TestUsers.admin().post("/api/jobs/" + job + "/start").then().statusCode(200);
        JsonPath j = awaitJob(job, "COMPLETED");
        assertEquals(3, j.getLong("migrated"));
        assertEquals(3, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'RES' AND source_id LIKE 'STP%'").size());
        for (SourceObjectEvent o : more) {
            assertEquals("MIGRATED", JobTestSupport.state("RES", o.objectKey()));
        }
    }

    /**
     * This machine's PostgreSQL runs without autovacuum, so nothing else analyzes a table: without statistics every keyed
     * statement of a job's bookkeeping (500 keys) read the whole hierarchy (40x slower on a standard-sized catalogue).
     * After the jobs above, the tables they read by key lists have been analyzed by the service itself.
     */
    @Test
    @Order(6)
    void theTablesAJobReadsByKeyListsHaveStatisticsOnceItRan() {
        for (String table : List.of("catalogue_object", "job_object")) {
            Object analyzed = ServiceDb.value("SELECT COALESCE(last_analyze, last_autoanalyze) FROM pg_stat_user_tables WHERE relname = ?", table);
            assertTrue(analyzed != null, table + " was never analyzed");
        }
        List<Map<String, Object>> destination = Destination.rows(
                "SELECT COALESCE(last_analyze, last_autoanalyze) AS analyzed FROM pg_stat_user_tables WHERE relname = 'migrated_object'");
        assertTrue(destination.get(0).get("analyzed") != null, "migrated_object was never analyzed");
    }
}
