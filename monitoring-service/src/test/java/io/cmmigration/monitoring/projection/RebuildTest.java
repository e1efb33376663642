package io.cmmigration.monitoring.projection;

import static io.cmmigration.monitoring.support.TestEvents.catalogue;
import static io.cmmigration.monitoring.support.TestEvents.chunk;
import static io.cmmigration.monitoring.support.TestEvents.entry;
import static io.cmmigration.monitoring.support.TestEvents.gathering;
import static io.cmmigration.monitoring.support.TestEvents.id;
import static io.cmmigration.monitoring.support.TestEvents.job;
import static io.cmmigration.monitoring.support.TestEvents.object;
import static io.cmmigration.monitoring.support.TestEvents.publish;
import static io.cmmigration.monitoring.support.TestEvents.site;
import static io.cmmigration.monitoring.support.TestEvents.specified;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent.Status;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deleting the projections and replaying the topics gives the same figures as consuming them live. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "monitoring"))
class RebuildTest {

    @Test
    void rebuildFromTheTopicsGivesTheSameFigures() {
        String h = id("H");
        String j = id("J");
        Instant t = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);
        publish(specified(h, t, List.of(site(h, null))),
                gathering(h, h, 1, "Ready for next data gathering process", t.plusSeconds(5), t.plusSeconds(5), Map.of()),
                catalogue(h, t.plusSeconds(6), 20, 2, 1, 4, 0, 1, Map.of("COLLECTION", Map.of("MIGRATED", 2L, "AVAILABLE_TO_MIGRATE", 18L))),
                job(j, h, Status.RUNNING, 5, 1, 0, 0, t.plusSeconds(10), t.plusSeconds(9), null),
                object(j, h, h, ObjectType.COLLECTION, "X1", "One", JobObjectStatusEvent.Status.COMPLETED, t.plusSeconds(10), null),
                object(j, h, h, ObjectType.COLLECTION, "X2", "Two", JobObjectStatusEvent.Status.COMPLETED, t.plusSeconds(11), null),
                // job-service's chunk events: one with a failure, and an older one published late
                chunk(j, h, t.plusSeconds(11), List.of(
                        entry(h, ObjectType.PACKAGE, "X4", "Four", JobObjectStatusEvent.Status.COMPLETED, null),
                        entry(h, ObjectType.PACKAGE, "X5", "Five", JobObjectStatusEvent.Status.FAILED, "content not found"),
                        entry(h, ObjectType.PACKAGE, "X6", "Six", JobObjectStatusEvent.Status.COMPLETED, null))),
                chunk(j, h, t.plusSeconds(10), List.of(
                        entry(h, ObjectType.PACKAGE, "X4", "Four", JobObjectStatusEvent.Status.RUNNING, null),
                        entry(h, ObjectType.PACKAGE, "X5", "Five", JobObjectStatusEvent.Status.RUNNING, null))),
                job(j, h, Status.COMPLETED, 5, 4, 1, 0, t.plusSeconds(12), t.plusSeconds(9), t.plusSeconds(12)),
                job(j, h, Status.RUNNING, 5, 1, 0, 0, t.plusSeconds(10), t.plusSeconds(9), null), // late
                // well-formed, but the projection cannot hold its site code (NVARCHAR(10)): dead-lettered live, skipped on replay
                object(j, h, "SITECODETOOLONG", ObjectType.COLLECTION, "X3", "Poison", JobObjectStatusEvent.Status.COMPLETED,
                        t.plusSeconds(11), null),
                chunk(j, h, t.plusSeconds(11), List.of(
                        entry(h, ObjectType.PACKAGE, "X7", "Seven", JobObjectStatusEvent.Status.COMPLETED, null),
                        entry("SITECODETOOLONG", ObjectType.PACKAGE, "X8", "Poison", JobObjectStatusEvent.Status.COMPLETED, null))));
        // 8 single-row events, a chunk with a failure (2 rows), a chunk without (1 row); the poison event and chunk: none
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> TestUsers.viewer().get("/api/history?hierarchyId=" + h).then()
                .body("total", equalTo(11)));
        Map<String, Object> before = snapshot();
        long historyBefore = TestUsers.viewer().get("/api/history").then().extract().jsonPath().getLong("total");

        TestUsers.admin().post("/api/admin/rebuild").then().statusCode(202).body("state", equalTo("RUNNING"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> TestUsers.viewer().get("/api/admin/rebuild").then().statusCode(200)
                .body("state", equalTo("DONE")));
        JsonPath rebuilt = TestUsers.viewer().get("/api/admin/rebuild").then().extract().jsonPath();
        assertTrue(rebuilt.getLong("eventsReplayed") >= 12, "replayed " + rebuilt.getLong("eventsReplayed"));
        assertTrue(rebuilt.getLong("failedSkipped") >= 2, "events the projections refuse are skipped, not the end of the rebuild");

        assertEquals(before, snapshot());
        assertEquals(historyBefore, TestUsers.viewer().get("/api/history").then().extract().jsonPath().getLong("total"),
                "the history is kept, not doubled");
        TestUsers.viewer().get("/api/jobs/" + j).then().body("status", equalTo("COMPLETED")).body("migrated", equalTo(4));
        TestUsers.viewer().get("/api/jobs/" + j + "/objects").then().body("total", equalTo(5)).body("countsByStatus.COMPLETED", equalTo(4))
                .body("countsByStatus.FAILED", equalTo(1));
    }

    /** Everything the dashboard shows, without the fields that depend on the time of the request. */
    private static Map<String, Object> snapshot() {
        Map<String, Object> summary = TestUsers.viewer().get("/api/summary").then().statusCode(200).extract().jsonPath().getMap("");
        summary.remove("generatedAt");
        List<Map<String, Object>> jobs = TestUsers.viewer().get("/api/jobs?size=1000").then().statusCode(200).extract().jsonPath()
                .getList("items");
        jobs.stream().filter(m -> "RUNNING".equals(m.get("status"))).forEach(m -> {
            m.remove("durationSeconds");
            m.remove("objectsPerSecond");
        });
        List<Map<String, Object>> objects = new java.util.ArrayList<>();
        jobs.forEach(job -> objects.add(TestUsers.viewer().get("/api/jobs/" + job.get("jobId") + "/objects?size=1000").then().statusCode(200)
                .extract().jsonPath().getMap("")));
        return Map.of("summary", summary, "jobs", jobs, "objects", objects,
                "sites", TestUsers.viewer().get("/api/sites").then().statusCode(200).extract().jsonPath().getList(""),
                "dps", TestUsers.viewer().get("/api/dps").then().statusCode(200).extract().jsonPath().getMap(""),
                "types", TestUsers.viewer().get("/api/charts/objects-by-type").then().statusCode(200).extract().jsonPath().getMap(""),
                "throughput", TestUsers.viewer().get("/api/charts/throughput?minutes=10080").then().statusCode(200).extract().jsonPath()
                        .getMap(""),
                "failedObjects", TestUsers.viewer().get("/api/reports/objects-failed-to-migrate").then().statusCode(200).extract()
                        .jsonPath().getList("rows"));
    }
}
