package io.cmmigration.monitoring.projection;

import static io.cmmigration.monitoring.support.TestEvents.catalogue;
import static io.cmmigration.monitoring.support.TestEvents.chunk;
import static io.cmmigration.monitoring.support.TestEvents.dp;
import static io.cmmigration.monitoring.support.TestEvents.entry;
import static io.cmmigration.monitoring.support.TestEvents.gathering;
import static io.cmmigration.monitoring.support.TestEvents.id;
import static io.cmmigration.monitoring.support.TestEvents.job;
import static io.cmmigration.monitoring.support.TestEvents.object;
import static io.cmmigration.monitoring.support.TestEvents.publish;
import static io.cmmigration.monitoring.support.TestEvents.site;
import static io.cmmigration.monitoring.support.TestEvents.specified;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.GatheringStatusEvent.TypeCounts;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.JobStatusEvent.Status;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.monitoring.support.TestEvents;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Projections built from known event sequences published to the real broker, read back through the REST API. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "monitoring"))
class ProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aKnownSequenceOfEventsGivesTheDashboardFiguresSitesJobsObjectsAndDps() {
        String h = id("H");
        String child = id("P");
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        String j1 = id("J");
        String j2 = id("J");
        String j3 = id("J");
        publish(specified(h, t0, List.of(site(h, null), site(child, h))),
                gathering(h, h, 514, "Gathering object data", t0.plusSeconds(10), null, null),
                gathering(h, h, 1, "Ready for next data gathering process", t0.plusSeconds(60), t0.plusSeconds(60),
                        Map.of("COLLECTION", new TypeCounts(10, 10, 0, 0), "PACKAGE", new TypeCounts(5, 5, 0, 0))),
                gathering(h, child, 1027, "Failed (SQL Error)", t0.plusSeconds(70), t0.plusSeconds(70), null),
                catalogue(h, t0.plusSeconds(300), 100, 40, 5, 50, 10, 2,
                        Map.of("COLLECTION", Map.of("MIGRATED", 4L, "AVAILABLE_TO_MIGRATE", 6L), "PACKAGE", Map.of("EXCLUDED", 5L))),
                job(j1, h, Status.RUNNING, 3, 1, 0, 0, t0.plusSeconds(100), t0.plusSeconds(100), null),
                object(j1, h, h, ObjectType.COLLECTION, "CAS00011", "All Workstations", JobObjectStatusEvent.Status.COMPLETED,
                        t0.plusSeconds(101), null),
                object(j1, h, h, ObjectType.COLLECTION, "CAS00012", "All Servers", JobObjectStatusEvent.Status.COMPLETED,
                        t0.plusSeconds(102), null),
                object(j1, h, h, ObjectType.PACKAGE, "CAS00099", "Office 2016", JobObjectStatusEvent.Status.FAILED, t0.plusSeconds(103),
                        "source path not reachable"),
                job(j1, h, Status.COMPLETED, 3, 2, 1, 0, t0.plusSeconds(110), t0.plusSeconds(100), t0.plusSeconds(110)),
                job(j2, h, Status.FAILED, 4, 0, 4, 0, t0.plusSeconds(120), t0.plusSeconds(115), t0.plusSeconds(120)),
                job(j3, h, Status.RUNNING, 10, 3, 0, 0, t0.plusSeconds(130), t0.plusSeconds(125), null),
                dp(h, child, "dp1." + child.toLowerCase() + ".contoso.com", "REASSIGNMENT_QUEUED", true, true, t0.plusSeconds(140)),
                dp(h, child, "dp2", "SHARED", true, false, t0.plusSeconds(141)));

        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/history?hierarchyId=" + h).then().statusCode(200)
                .body("total", equalTo(14)));

        JsonPath summary = TestUsers.viewer().get("/api/summary?hierarchyId=" + h).then().statusCode(200).extract().jsonPath();
        assertEquals(2, summary.getInt("sourceSites"));
        assertEquals(1, summary.getInt("destinationSites"));
        assertEquals(100, summary.getInt("objectsTotal"));
        assertEquals(40, summary.getInt("objectsMigrated"));
        assertEquals(5, summary.getInt("objectsExcluded"));
        assertEquals(55, summary.getInt("objectsRemaining"));
        assertEquals(50, summary.getInt("clientsTotal"));
        assertEquals(10, summary.getInt("clientsMigrated"));
        assertEquals(2, summary.getInt("clientsExcluded"));
        assertEquals(38, summary.getInt("clientsRemaining"));
        assertEquals(1, summary.getInt("jobsCompleted"));
        assertEquals(1, summary.getInt("jobsFailed"));
        assertEquals(1, summary.getInt("jobsInProgress"));
        assertEquals(1, summary.getInt("sitesFailed"));
        assertEquals(2, summary.getInt("sharedDps"));
        assertEquals(1, summary.getInt("dpsInReassignment"));
        assertEquals(t0.plusSeconds(60), Instant.parse(summary.getString("lastSuccessfulGathering")));
        assertEquals(t0.plusSeconds(300), Instant.parse(summary.getString("objectMigrationLastUpdated")));
        assertEquals(t0.plusSeconds(130), Instant.parse(summary.getString("jobStatisticsLastUpdated")));
        assertEquals("catalogue", summary.getString("hierarchies[0].figuresFrom"));
        assertEquals("cas." + h.toLowerCase() + ".contoso.com", summary.getString("hierarchies[0].topSiteServer"));

        TestUsers.viewer().get("/api/jobs/" + j1).then().statusCode(200).body("status", equalTo("COMPLETED")).body("statusCode", equalTo(1))
                .body("total", equalTo(3)).body("migrated", equalTo(2)).body("failed", equalTo(1)).body("skipped", equalTo(0))
                .body("percentDone", equalTo(100.0f)).body("durationSeconds", equalTo(10.0f)).body("objectsPerSecond", equalTo(0.2f));
        TestUsers.viewer().get("/api/jobs?hierarchyId=" + h).then().statusCode(200).body("total", equalTo(3))
                .body("items.jobId", hasItem(j3));
        TestUsers.viewer().get("/api/jobs/" + j1 + "/objects").then().statusCode(200).body("total", equalTo(3))
                .body("countsByStatus.COMPLETED", equalTo(2)).body("countsByStatus.FAILED", equalTo(1));
        TestUsers.viewer().get("/api/jobs/" + j1 + "/objects?status=failed").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].objectKey", equalTo(h + "/PACKAGE/CAS00099")).body("items[0].messageCode", equalTo(1027))
                .body("items[0].message", equalTo("source path not reachable"));
        TestUsers.viewer().get("/api/jobs/" + j1 + "/objects?q=SERVERS").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].name", equalTo("All Servers"));
        TestUsers.viewer().get("/api/jobs/" + j1 + "/objects?page=1&size=2").then().statusCode(200).body("items", hasSize(1))
                .body("total", equalTo(3));

        JsonPath sites = TestUsers.viewer().get("/api/sites?hierarchyId=" + h).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(h, child).stream().sorted().toList(), sites.getList("siteCode"));
        Map<String, Object> top = sites.getMap("find { it.siteCode == '" + h + "' }");
        assertEquals(1, top.get("statusCode"));
        assertEquals("READY", top.get("state"));
        assertEquals(t0.plusSeconds(60).plus(Duration.ofHours(4)).toString(), top.get("nextRunAt"));
        assertEquals(10, sites.getInt("find { it.siteCode == '" + h + "' }.counts.COLLECTION.total"));
        Map<String, Object> failedSite = sites.getMap("find { it.siteCode == '" + child + "' }");
        assertEquals(1027, failedSite.get("statusCode"));
        assertEquals("FAILED", failedSite.get("state"));
        assertEquals(h, failedSite.get("parentSiteCode"));

        TestUsers.viewer().get("/api/dps?hierarchyId=" + h).then().statusCode(200).body("items", hasSize(2)).body("queue", hasSize(1))
                .body("queue[0].state", equalTo("REASSIGNMENT_QUEUED")).body("notEligible", equalTo(1))
                .body("byState.SHARED", equalTo(1));
        TestUsers.viewer().get("/api/charts/objects-by-type?hierarchyId=" + h).then().statusCode(200)
                .body("types.find { it.type == 'COLLECTION' }.total", equalTo(10))
                .body("types.find { it.type == 'PACKAGE' }.states.EXCLUDED", equalTo(5));

        TestUsers.viewer().get("/api/history?jobId=" + j1).then().statusCode(200).body("total", equalTo(5))
                .body("items[0].status", equalTo("COMPLETED")).body("items[0].event.type", equalTo("JobStatus"));
        TestUsers.viewer().get("/api/history?objectKey=" + h + "/PACKAGE/CAS00099").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].summary", containsString("source path not reachable"));
        TestUsers.viewer().get("/api/history?siteCode=" + child + "&from=" + t0.plusSeconds(65) + "&to=" + t0.plusSeconds(75))
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].status", equalTo("1027 Failed (SQL Error)"));

        String failedCsv = TestUsers.viewer().get("/api/reports/objects-failed-to-migrate.csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertTrue(failedCsv.startsWith("hierarchyId,objectKey,objectType,objectName,jobId,messageCode,message,failedAt\r\n"), failedCsv);
        assertTrue(failedCsv.contains(h + "," + h + "/PACKAGE/CAS00099,PACKAGE,Office 2016," + j1 + ",1027,source path not reachable,"),
                failedCsv);
        String jobsCsv = TestUsers.viewer().get("/api/reports/migration-jobs.csv").then().statusCode(200).extract().asString();
        assertTrue(jobsCsv.contains(j1 + ",Job " + j1 + ",OBJECT," + h + ",COMPLETED,1,3,2,1,0,"), jobsCsv);
        TestUsers.viewer().get("/api/reports/migration-job-properties?jobId=" + j1).then().statusCode(200).body("rows", hasSize(3))
                .body("complete", equalTo(true));
        TestUsers.viewer().get("/api/reports/migration-job-properties").then().statusCode(400)
                .body("detail", containsString("jobId"));
        TestUsers.viewer().get("/api/reports/clients-in-exclusion-list").then().statusCode(200).body("complete", equalTo(false))
                .body("rows.find { it[0] == '" + h + "' }[2]", equalTo(2));
        TestUsers.viewer().get("/api/reports/dependency-on-collection.csv").then().statusCode(200);
        TestUsers.viewer().get("/api/reports/no-such-report").then().statusCode(404);
    }

    /**
     * job-service reports a job's objects one chunk at a time (JobObjectStatusBatchEvent); earlier versions, one event
     * per object. The same job told both ways must look the same on the dashboard, in the job's objects and in the
     * reports; only the history differs: one row per chunk, plus one per failed object.
     */
    @Test
    void aJobReportedInChunksShowsWhatTheSameJobReportedObjectByObjectShows() {
        Instant t = Instant.now().minus(Duration.ofMinutes(8)).truncatedTo(ChronoUnit.MILLIS);
        String hSingle = id("H");
        String hChunks = id("H");
        String jSingle = id("J");
        String jChunks = id("J");
        publish(story(hSingle, jSingle, t, false).toArray(MigrationEvent[]::new));
        publish(story(hChunks, jChunks, t, true).toArray(MigrationEvent[]::new));

        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/jobs/" + jChunks).then().statusCode(200)
                .body("status", equalTo("COMPLETED")));
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/jobs/" + jSingle).then().statusCode(200)
                .body("status", equalTo("COMPLETED")));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(shown(hSingle, jSingle), shown(hChunks, jChunks)));
        Map<String, Object> shown = shown(hChunks, jChunks);
        assertTrue(shown.get("objects").toString().contains("objectKey=H/PACKAGE/P1, hierarchyId=H, siteCode=H, type=PACKAGE, "
                + "sourceId=P1, name=Office, status=FAILED, messageCode=1027, message=source path not reachable"), shown.toString());
        assertTrue(shown.get("failedReport").toString().contains("H/PACKAGE/P1"), shown.toString());
        assertEquals(3, TestUsers.viewer().get("/api/summary?hierarchyId=" + hChunks).then().extract().jsonPath()
                .getInt("objectsMigrated"), "distinct objects completed in the job");

        // History: 2 job reports + 6 object events, against 2 job reports + 2 chunks + 1 failed object of a chunk.
        TestUsers.viewer().get("/api/history?jobId=" + jSingle).then().statusCode(200).body("total", equalTo(8));
        JsonPath history = TestUsers.viewer().get("/api/history?jobId=" + jChunks).then().statusCode(200).body("total", equalTo(5))
                .extract().jsonPath();
        assertEquals(List.of("JobStatus", "JobObjectStatusBatch", "JobObjectStatusBatch", "JobObjectStatusBatch", "JobStatus"),
                history.getList("items.eventType"));
        // newest first: the second chunk's row, then its failure, then the first chunk
        assertEquals("Job " + jChunks + ": 2 objects - 1 failed, 1 skipped (2 PACKAGE)", history.getString("items[1].summary"));
        assertEquals("1 FAILED, 1 SKIPPED", history.getString("items[1].status"));
        assertEquals(2, history.getList("items[1].event.objects").size(), "the chunk as received");
        assertEquals(hChunks + "/PACKAGE/P1", history.getString("items[2].objectKey"));
        assertEquals(history.getString("items[1].eventId"), history.getString("items[2].eventId"), "the failure names its chunk");
        assertEquals("FAILED", history.getString("items[2].status"));
        assertEquals(List.of(hChunks + "/PACKAGE/P1"), List.of(history.getString("items[2].event.objects[0].siteCode") + "/PACKAGE/"
                + history.getString("items[2].event.objects[0].sourceId")));
        assertEquals(1, history.getList("items[2].event.objects").size(), "the chunk narrowed to the failed object");
        assertEquals("Job " + jChunks + ": 4 objects - 3 completed, 1 running (3 COLLECTION, 1 PACKAGE)", history.getString("items[3].summary"));
        // a failed object is found by its key, as it was with one event per object
        TestUsers.viewer().get("/api/history?objectKey=" + hChunks + "/PACKAGE/P1").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].summary", containsString("FAILED [1027] - source path not reachable"));
        TestUsers.viewer().get("/api/history?siteCode=" + hChunks + "&type=JobObjectStatusBatch").then().statusCode(200)
                .body("total", equalTo(3));
    }

    /** A page of the history stays small however large the events: a big chunk is listed by size and fetched on its own. */
    @Test
    void aLargeChunkIsListedBySizeAndFetchedOnItsOwn() {
        String h = id("H");
        String j = id("J");
        List<JobObjectStatusBatchEvent.JobObjectStatus> objects = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            objects.add(entry(h, ObjectType.PACKAGE, "P" + i, "Package number " + i + " with a long descriptive name",
                    JobObjectStatusEvent.Status.COMPLETED, null));
        }
        JobObjectStatusBatchEvent big = chunk(j, h, Instant.now(), objects);
        publish(big);
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/history?jobId=" + j).then().statusCode(200)
                .body("total", equalTo(1)));
        JsonPath listed = TestUsers.viewer().get("/api/history?jobId=" + j).then().statusCode(200).extract().jsonPath();
        assertEquals(false, listed.getBoolean("items[0].eventInline"));
        assertTrue(listed.get("items[0].event") == null, "the large event is not in the page");
        assertTrue(listed.getInt("items[0].eventChars") > 16_384, "the size the page leaves out: " + listed.getInt("items[0].eventChars"));
        TestUsers.viewer().get("/api/history/events/" + big.eventId()).then().statusCode(200)
                .body("eventInline", equalTo(true)).body("event.objects", hasSize(300)).body("event.objects[299].sourceId", equalTo("P299"));
        TestUsers.viewer().get("/api/history/events/" + java.util.UUID.randomUUID()).then().statusCode(404);
        TestUsers.anonymous().get("/api/history/events/" + big.eventId()).then().statusCode(401);
    }

    /**
     * One job: three collections completed and a package running in the first chunk; the package failed and another
     * skipped in the second. As chunks, or as the same statuses one event per object at the same instants.
     */
    private static List<MigrationEvent> story(String h, String j, Instant t, boolean chunks) {
        List<JobObjectStatusBatchEvent.JobObjectStatus> first = List.of(
                entry(h, ObjectType.COLLECTION, "C1", "All Workstations", JobObjectStatusEvent.Status.COMPLETED, null),
                entry(h, ObjectType.COLLECTION, "C2", "All Servers", JobObjectStatusEvent.Status.COMPLETED, null),
                entry(h, ObjectType.COLLECTION, "C3", "All Desktops", JobObjectStatusEvent.Status.COMPLETED, null),
                entry(h, ObjectType.PACKAGE, "P1", "Office", JobObjectStatusEvent.Status.RUNNING, null));
        List<JobObjectStatusBatchEvent.JobObjectStatus> second = List.of(
                entry(h, ObjectType.PACKAGE, "P1", "Office", JobObjectStatusEvent.Status.FAILED, "source path not reachable"),
                entry(h, ObjectType.PACKAGE, "P2", "Old tool", JobObjectStatusEvent.Status.SKIPPED, "excluded"));
        List<MigrationEvent> events = new ArrayList<>();
        events.add(specified(h, t, List.of(site(h, null))));
        events.add(job(j, h, Status.RUNNING, 5, 0, 0, 0, t.plusSeconds(10), t.plusSeconds(10), null));
        if (chunks) {
            events.add(chunk(j, h, t.plusSeconds(11), first));
            events.add(chunk(j, h, t.plusSeconds(12), second));
        } else {
            first.forEach(o -> events.add(object(j, h, o.siteCode(), o.objectType(), o.sourceId(), o.name(), o.status(), t.plusSeconds(11),
                    o.message())));
            second.forEach(o -> events.add(object(j, h, o.siteCode(), o.objectType(), o.sourceId(), o.name(), o.status(), t.plusSeconds(12),
                    o.message())));
        }
        events.add(job(j, h, Status.COMPLETED, 5, 3, 1, 1, t.plusSeconds(13), t.plusSeconds(10), t.plusSeconds(13)));
        return events;
    }

    /** What the dashboard shows of a hierarchy with one job, its names replaced by "H" and "J" so that two can be compared. */
    private static Map<String, Object> shown(String h, String j) {
        String jobView = TestUsers.viewer().get("/api/jobs/" + j).then().statusCode(200).extract().asString();
        String objects = TestUsers.viewer().get("/api/jobs/" + j + "/objects?size=100").then().statusCode(200).extract().asString();
        String figures = TestUsers.viewer().get("/api/summary?hierarchyId=" + h).then().statusCode(200).extract().jsonPath()
                .getMap("hierarchies[0]").toString();
        String failed = TestUsers.viewer().get("/api/reports/objects-failed-to-migrate").then().statusCode(200).extract().jsonPath()
                .getList("rows").stream().map(Object::toString).filter(r -> r.contains(h)).toList().toString();
        String properties = TestUsers.viewer().get("/api/reports/migration-job-properties?jobId=" + j).then().statusCode(200).extract()
                .jsonPath().getList("rows").toString();
        return Map.of("job", normalised(jobView, h, j), "objects", normalised(JsonPath.from(objects).getMap("").toString(), h, j),
                "figures", normalised(figures, h, j), "failedReport", normalised(failed, h, j), "jobProperties", normalised(properties, h, j));
    }

    private static String normalised(String text, String h, String j) {
        return text.replace(j, "J").replace(h, "H").replace(h.toLowerCase(), "h");
    }

    @Test
    void lateDuplicateAndOutOfOrderEventsNeverRegressAJobOrAnObject() {
        String h = id("H");
        String j = id("J");
        Instant t = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        JobStatusEvent completed = job(j, h, Status.COMPLETED, 10, 9, 1, 0, t.plusSeconds(50), t, t.plusSeconds(50));
        JobObjectStatusEvent objectDone = object(j, h, h, ObjectType.APPLICATION, "ScopeId_1/Application_1", "7-Zip",
                JobObjectStatusEvent.Status.COMPLETED, t.plusSeconds(40), null);
        publish(completed,
                job(j, h, Status.RUNNING, 10, 5, 0, 0, t.plusSeconds(30), t, null), // published late: older than COMPLETED
                completed, // redelivered
                job(j, h, Status.RUNNING, 10, 2, 0, 0, t.plusSeconds(60), t, null), // a stale replica claims RUNNING later
                objectDone,
                object(j, h, h, ObjectType.APPLICATION, "ScopeId_1/Application_1", "7-Zip", JobObjectStatusEvent.Status.RUNNING,
                        t.plusSeconds(20), null),
                objectDone,
                dp(h, h, "dp9", "REASSIGNED", true, true, t.plusSeconds(90)),
                dp(h, h, "dp9", "REASSIGNING", true, true, t.plusSeconds(80)));
        // the same for a job reported in chunks: a chunk redelivered, and an older chunk published late
        String jc = id("J");
        JobObjectStatusBatchEvent chunkDone = chunk(jc, h, t.plusSeconds(40), List.of(
                entry(h, ObjectType.APPLICATION, "ScopeId_1/Application_2", "Notepad++", JobObjectStatusEvent.Status.COMPLETED, null),
                entry(h, ObjectType.APPLICATION, "ScopeId_1/Application_3", "VLC", JobObjectStatusEvent.Status.FAILED, "no content")));
        publish(chunkDone, chunkDone,
                chunk(jc, h, t.plusSeconds(20), List.of(
                        entry(h, ObjectType.APPLICATION, "ScopeId_1/Application_2", "Notepad++", JobObjectStatusEvent.Status.RUNNING, null),
                        entry(h, ObjectType.APPLICATION, "ScopeId_1/Application_3", "VLC", JobObjectStatusEvent.Status.RUNNING, null))));

        // 12 records, 3 of them redeliveries: the history shows each event once (each chunk once, plus its failed object)
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/history?hierarchyId=" + h).then().statusCode(200)
                .body("total", equalTo(10)));
        TestUsers.viewer().get("/api/jobs/" + jc + "/objects").then().statusCode(200).body("total", equalTo(2))
                .body("countsByStatus.COMPLETED", equalTo(1)).body("countsByStatus.FAILED", equalTo(1))
                .body("countsByStatus.RUNNING", equalTo(0));
        TestUsers.viewer().get("/api/jobs/" + j).then().statusCode(200).body("status", equalTo("COMPLETED")).body("migrated", equalTo(9))
                .body("failed", equalTo(1)).body("endedAt", equalTo(t.plusSeconds(50).toString()));
        TestUsers.viewer().get("/api/jobs/" + j + "/objects").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].status", equalTo("COMPLETED"));
        TestUsers.viewer().get("/api/dps?hierarchyId=" + h).then().statusCode(200).body("items[0].state", equalTo("REASSIGNED"))
                .body("queue", hasSize(0));
        TestUsers.viewer().get("/api/summary?hierarchyId=" + h).then().statusCode(200).body("jobsCompleted", equalTo(1))
                .body("jobsInProgress", equalTo(0)).body("objectsMigrated", equalTo(2)).body("hierarchies[0].figuresFrom", equalTo("jobs"));
        String metrics = TestUsers.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("cmm_monitoring_events_duplicate_total{topic=\"migration.job-status\"}"), "duplicates are counted");
    }

    @Test
    void aMalformedEventGoesToTheDeadLetterTopicAndTheDashboardKeepsWorking() {
        String h = id("H");
        String j = id("J");
        String badKey = id("BAD");
        TestEvents.send(Topic.JOB_STATUS, badKey, "{\"type\":\"JobStatus\", this is not json");
        TestEvents.send(Topic.JOB_STATUS, badKey + "-wrongtype", io.cmmigration.events.EventCodec.encode(
                dp(h, h, "dpx", "SHARED", true, true, Instant.now())));
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(job(j, h, Status.COMPLETED, 1, 1, 0, 0, t, t.minusSeconds(1), t));

        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/jobs/" + j).then().statusCode(200)
                .body("status", equalTo("COMPLETED")));
        await().atMost(WAIT).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> dead = TestEvents.readAll(Topic.DEAD_LETTER);
            ConsumerRecord<String, String> bad = dead.stream().filter(r -> badKey.equals(r.key())).findFirst().orElseThrow();
            assertTrue(bad.value().contains("this is not json"));
            Header reason = bad.headers().lastHeader("dead-letter-reason");
            assertTrue(reason != null && new String(reason.value(), StandardCharsets.UTF_8).contains("malformed"), "reason header");
            assertTrue(dead.stream().anyMatch(r -> (badKey + "-wrongtype").equals(r.key())), "wrong event type dead-lettered");
        });
        TestUsers.viewer().get("/api/summary").then().statusCode(200);
        TestUsers.viewer().get("/api/history?jobId=" + j).then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void badQueryParametersAreProblemsNotErrors() {
        TestUsers.viewer().get("/api/jobs?status=WALKING").then().statusCode(400).contentType(containsString("problem+json"))
                .body("detail", containsString("RUNNING"));
        TestUsers.viewer().get("/api/jobs?size=0").then().statusCode(400);
        TestUsers.viewer().get("/api/jobs?page=-1").then().statusCode(400);
        TestUsers.viewer().get("/api/jobs/nope-" + id("X")).then().statusCode(404).contentType(containsString("problem+json"));
        TestUsers.viewer().get("/api/jobs/nope-" + id("X") + "/objects").then().statusCode(404);
        TestUsers.viewer().get("/api/history?from=yesterday").then().statusCode(400).body("detail", containsString("ISO-8601"));
        TestUsers.viewer().get("/api/history?from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z").then().statusCode(400);
        TestUsers.viewer().get("/api/charts/throughput?minutes=0").then().statusCode(400);
    }
}
