package io.cmmigration.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.localstack.DatabaseServer;
import io.cmmigration.localstack.MigrationStack;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.Size;
import io.cmmigration.simulator.SourceSiteSimulator;
import io.cmmigration.events.catalogue.SourceVersion;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The spine of the system over real processes: a source site database holding collections → gathering-service reads
 * them through v_Collection and publishes them → job-service catalogues them and a migration job created by POST writes
 * them into the destination database → job status events → monitoring-service shows the job completed with the same
 * counts. Fails if any hop is broken.
 */
@ExtendWith(SharedStack.class)
class ThinPathSystemTest {

    private static MigrationStack stack;
    private static SimulatedHierarchy source;
    private static final DatabaseServer DB = SharedStack.DB;

    @BeforeAll
    static void createSource() throws Exception {
        source = SourceSiteSimulator.builder().version(SourceVersion.CURRENT_BRANCH).topSiteCode("TPS").primaries("TP1").secondaries("TS1")
                .size(Size.TINY).seed(42).create(DB.url("postgres"), DB.user(), DB.password(), "cmm_thin_src");
        stack = SharedStack.stack();
    }

    @AfterAll
    static void dropSource() throws Exception {
        if (source != null) {
            source.drop();
        }
    }

    private static RequestSpecification admin(String service) {
        return RestAssured.given().baseUri(stack.url(service)).auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON);
    }

    @Test
    void collectionsTravelFromSourceSiteToDestinationDatabaseAndDashboard() throws Exception {
        String sourceDb = source.databases().get("TPS");
        int sourceCollections = count(sourceDb.substring(sourceDb.lastIndexOf('/') + 1), "SELECT count(*) FROM v_Collection");
        assertTrue(sourceCollections > 0, "simulator source has collections");

        admin("gathering-service").body(Map.of("value", DB.password().isEmpty() ? "unused" : DB.password()))
                .put("/api/secrets/srcpw").then().statusCode(204);
        JsonPath created = admin("gathering-service").body(Map.of(
                "topSite", Map.of("server", "tps.contoso.com", "jdbcUrl", sourceDb,
                        "databaseAccount", Map.of("username", DB.user(), "passwordRef", "secret:srcpw"),
                        "providerAccount", Map.of("username", "CONTOSO\\svc", "passwordRef", "secret:srcpw")),
                "destinationSiteCode", "DST", "gatheringIntervalMinutes", 240, "dpSharing", false))
                .post("/api/hierarchies").then().statusCode(201).extract().jsonPath();
        assertEquals("TPS", created.getString("hierarchyId"));

        // gathering → Kafka → job-service catalogue
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> admin("job-service")
                .queryParam("hierarchyId", "TPS").queryParam("type", "COLLECTION").get("/api/objects")
                .then().statusCode(200).extract().jsonPath().getInt("total") == sourceCollections);

        String jobId = admin("job-service").body(Map.of("name", "Thin path collections", "type", "OBJECT", "hierarchyId", "TPS",
                "selection", Map.of("types", List.of("COLLECTION")), "securityScopes", List.of("Default"), "schedule", Map.of("mode", "NOW")))
                .post("/api/jobs").then().statusCode(201).extract().jsonPath().getString("jobId");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> "COMPLETED".equals(
                admin("job-service").get("/api/jobs/" + jobId).then().extract().jsonPath().getString("status")));
        JsonPath job = admin("job-service").get("/api/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
        long total = job.getLong("total");
        long migrated = job.getLong("migrated");
        assertTrue(total >= sourceCollections, "every source collection is in the job");
        assertEquals(total, migrated + job.getLong("failed") + job.getLong("skipped"));
        assertTrue(migrated > 0);

        // the destination database holds exactly the migrated objects
        String destination = stack.databaseOf("job-service", "quarkus.datasource.destination.");
        // Built-in collections (All Systems ...) are mapped to the destination's own, not written again (spec 3.7).
        int builtIns = count(sourceDb.substring(sourceDb.lastIndexOf('/') + 1), "SELECT count(*) FROM v_Collection WHERE IsBuiltIn = 1");
        assertEquals(migrated, builtIns + count(destination, "SELECT count(*) FROM migrated_object WHERE hierarchy_id = 'TPS'"),
                "destination rows + mapped built-in collections match the job's migrated counter");

        // job status events → monitoring projections
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> "COMPLETED".equals(
                admin("monitoring-service").get("/api/jobs/" + jobId).then().extract().jsonPath().getString("status")));
        JsonPath projected = admin("monitoring-service").get("/api/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
        assertEquals(total, projected.getLong("total"));
        assertEquals(migrated, projected.getLong("migrated"));
        JsonPath summary = admin("monitoring-service").get("/api/summary?hierarchyId=TPS").then().statusCode(200).extract().jsonPath();
        assertTrue(summary.getLong("jobsCompleted") >= 1, summary.prettify());
        assertEquals(0L, summary.getLong("jobsInProgress"), summary.prettify());
    }

    private static int count(String database, String sql) throws Exception {
        try (Connection c = DB.connect(database); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
