package io.cmmigration.monitoring.projection;

import static io.cmmigration.monitoring.support.TestEvents.chunk;
import static io.cmmigration.monitoring.support.TestEvents.dp;
import static io.cmmigration.monitoring.support.TestEvents.entry;
import static io.cmmigration.monitoring.support.TestEvents.id;
import static io.cmmigration.monitoring.support.TestEvents.job;
import static io.cmmigration.monitoring.support.TestEvents.object;
import static io.cmmigration.monitoring.support.TestEvents.record;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.EventCodec;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Live events arrive in bursts and are applied in micro-batches: the result must be exactly that of applying them one
 * by one, and a record that cannot be applied must be dead-lettered alone.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "monitoring"))
class MicroBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aBurstForOneJobEndsAtTheNewestStateWithEveryEventInTheHistoryOnce() {
        String h = id("H");
        String j = id("J");
        Instant t = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MILLIS);
        int objects = 300;
        List<ProducerRecord<String, String>> burst = new ArrayList<>();
        burst.add(record(job(j, h, Status.RUNNING, objects + 1, 0, 0, 0, t, t, null)));
        for (int i = 1; i <= objects; i++) {
            burst.add(record(object(j, h, h, ObjectType.COLLECTION, "B" + i, "Collection " + i, JobObjectStatusEvent.Status.COMPLETED,
                    t.plusMillis(i), null)));
            if (i % 100 == 0) {
                burst.add(record(job(j, h, Status.RUNNING, objects + 1, i, 0, 0, t.plusMillis(i), t, null)));
            }
        }
        // one object reported running, then completed, then a stale "running" that arrives last
        burst.add(record(object(j, h, h, ObjectType.PACKAGE, "P1", "Office", JobObjectStatusEvent.Status.RUNNING, t.plusSeconds(1), null)));
        JobObjectStatusEvent done = object(j, h, h, ObjectType.PACKAGE, "P1", "Office", JobObjectStatusEvent.Status.COMPLETED,
                t.plusSeconds(2), null);
        burst.add(record(done));
        burst.add(record(done)); // redelivered within the same burst
        burst.add(record(object(j, h, h, ObjectType.PACKAGE, "P1", "Office", JobObjectStatusEvent.Status.RUNNING, t.plusMillis(500),
                null)));
        burst.add(record(job(j, h, Status.COMPLETED, objects + 1, objects + 1, 0, 0, t.plusSeconds(3), t, t.plusSeconds(3))));
        burst.add(record(job(j, h, Status.RUNNING, objects + 1, 250, 0, 0, t.plusSeconds(4), t, null))); // stale replica
        // a second job in the same burst reports its objects in chunks of 100, one chunk redelivered, an older one late
        String jc = id("J");
        burst.add(record(job(jc, h, Status.RUNNING, objects, 0, 0, 0, t, t, null)));
        List<JobObjectStatusBatchEvent> chunks = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            List<JobObjectStatusBatchEvent.JobObjectStatus> entries = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                entries.add(entry(h, ObjectType.COLLECTION, "D" + (100 * k + i), "Collection " + (100 * k + i),
                        JobObjectStatusEvent.Status.COMPLETED, null));
            }
            chunks.add(chunk(jc, h, t.plusSeconds(k + 1), entries));
            burst.add(record(chunks.get(k)));
        }
        burst.add(record(chunks.get(1))); // redelivered
        burst.add(record(chunk(jc, h, t, chunks.get(0).objects().stream().map(o -> entry(o.siteCode(), o.objectType(), o.sourceId(), o.name(),
                JobObjectStatusEvent.Status.RUNNING, null)).toList()))); // stale: before the first chunk completed them
        burst.add(record(job(jc, h, Status.COMPLETED, objects, objects, 0, 0, t.plusSeconds(5), t, t.plusSeconds(5))));
        TestEvents.sendBurst(burst);

        int distinctEvents = burst.size() - 1 - 7; // 7 records of the chunked job
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/history?jobId=" + j + "&size=1").then().statusCode(200)
                .body("total", equalTo(distinctEvents)));
        // two job reports and four distinct chunks (no failures): one history row each
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/history?jobId=" + jc + "&size=1").then().statusCode(200)
                .body("total", equalTo(6)));
        TestUsers.viewer().get("/api/jobs/" + jc).then().statusCode(200).body("status", equalTo("COMPLETED")).body("migrated", equalTo(objects));
        TestUsers.viewer().get("/api/jobs/" + jc + "/objects?size=1").then().statusCode(200).body("total", equalTo(objects))
                .body("countsByStatus.COMPLETED", equalTo(objects));
        TestUsers.viewer().get("/api/jobs/" + j).then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("migrated", equalTo(objects + 1)).body("endedAt", equalTo(t.plusSeconds(3).toString()));
        TestUsers.viewer().get("/api/jobs/" + j + "/objects?size=1").then().statusCode(200).body("total", equalTo(objects + 1))
                .body("countsByStatus.COMPLETED", equalTo(objects + 1));

        String metrics = TestUsers.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        double largestBatch = metrics.lines()
                .filter(l -> l.startsWith("cmm_monitoring_apply_batch_events_max{") && l.contains("migration.job-status"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
        assertTrue(largestBatch > 1, "a burst is applied in batches, not one event per transaction: " + largestBatch);

        // The projection's batch lookups ("object_key in (...)", "event_id in (...)") get planner statistics from the
        // service itself (the CI's PostgreSQL runs without autovacuum; unanalyzed, each lookup scanned the whole table).
        await().atMost(Duration.ofSeconds(30)).until(() -> analyzed("mon_job_object") && analyzed("processed_event"));
    }

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    private boolean analyzed(String table) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from pg_stat_user_tables where relname = :t and last_analyze is not null").setParameter("t", table)
                .getSingleResult()).longValue() == 1);
    }

    @Test
    void recordsThatCannotBeAppliedAreDeadLetteredAloneWhileTheRestOfTheirBatchIsApplied() {
        String h = id("H");
        String j = id("J");
        String malformed = "{\"type\":\"JobObjectStatus\", \"marker\":\"" + id("MAL") + "\", not json";
        String wrongType = EventCodec.encode(dp(h, h, "dp-" + id("WRONG"), "SHARED", true, true, Instant.now()));
        String poisonSource = id("POISON");
        String poisonChunkSource = id("POISON");
        Instant t = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MILLIS);
        // all on the job's key, so they share a partition and arrive in order, in one or few batches
        List<ProducerRecord<String, String>> burst = new ArrayList<>();
        burst.add(record(job(j, h, Status.RUNNING, 42, 0, 0, 0, t, t, null)));
        for (int i = 1; i <= 40; i++) {
            burst.add(record(object(j, h, h, ObjectType.COLLECTION, "C" + i, "Collection " + i, JobObjectStatusEvent.Status.COMPLETED,
                    t.plusMillis(i), null)));
            if (i == 10) {
                burst.add(new ProducerRecord<>(Topic.JOB_STATUS.topicName(), j, malformed));
            } else if (i == 20) {
                burst.add(new ProducerRecord<>(Topic.JOB_STATUS.topicName(), j, wrongType));
            } else if (i == 30) {
                // well-formed, but its site code does not fit the projection (NVARCHAR(10)): the database refuses it
                // however often it is tried, so the batch holding it rolls back and its events are applied one by one
                burst.add(record(object(j, h, "SITECODETOOLONG", ObjectType.COLLECTION, poisonSource, "Poison",
                        JobObjectStatusEvent.Status.COMPLETED, t.plusMillis(i), null)));
            } else if (i == 35) {
                // a chunk is applied whole or not at all: one refused object dead-letters its chunk (and only that)
                burst.add(record(chunk(j, h, t.plusMillis(i), List.of(
                        entry(h, ObjectType.COLLECTION, "C99", "Collection 99", JobObjectStatusEvent.Status.COMPLETED, null),
                        entry("SITECODETOOLONG", ObjectType.COLLECTION, poisonChunkSource, "Poison", JobObjectStatusEvent.Status.COMPLETED,
                                null)))));
                burst.add(record(chunk(j, h, t.plusMillis(i), List.of(
                        entry(h, ObjectType.COLLECTION, "C41", "Collection 41", JobObjectStatusEvent.Status.COMPLETED, null),
                        entry(h, ObjectType.COLLECTION, "C42", "Collection 42", JobObjectStatusEvent.Status.COMPLETED, null)))));
            }
        }
        burst.add(record(job(j, h, Status.COMPLETED, 42, 42, 0, 0, t.plusSeconds(1), t, t.plusSeconds(1))));
        TestEvents.sendBurst(burst);

        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/jobs/" + j + "/objects?size=1").then().statusCode(200)
                .body("total", equalTo(42)));
        TestUsers.viewer().get("/api/jobs/" + j).then().statusCode(200).body("status", equalTo("COMPLETED")).body("migrated", equalTo(42));
        TestUsers.viewer().queryParam("q", "Collection 99").get("/api/jobs/" + j + "/objects").then().statusCode(200).body("total", equalTo(0));
        await().atMost(WAIT).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> dead = TestEvents.readAll(Topic.DEAD_LETTER);
            assertTrue(reason(dead, malformed).contains("malformed"), "malformed record dead-lettered with its reason");
            assertTrue(reason(dead, wrongType).contains("does not belong on migration.job-status"), "wrong type dead-lettered");
            assertNotNull(reason(dead, poisonSource), "the event the database refuses is dead-lettered");
            assertEquals(1, dead.stream().filter(r -> r.value().contains(poisonSource)).count(), "dead-lettered once");
            assertEquals(1, dead.stream().filter(r -> r.value().contains(poisonChunkSource)).count(), "the poison chunk, once");
            assertEquals(4, dead.stream().filter(r -> j.equals(r.key())).count(), "nothing else of the burst is dead-lettered");
        });
        // the poison events were rolled back everywhere, the others are in the history once (42 events and the good chunk)
        TestUsers.viewer().get("/api/history?jobId=" + j + "&size=1").then().statusCode(200).body("total", equalTo(43));
    }

    /** The dead-letter reason of the record whose value contains the text. */
    private static String reason(List<ConsumerRecord<String, String>> dead, String text) {
        ConsumerRecord<String, String> r = dead.stream().filter(d -> d.value() != null && d.value().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter containing " + text));
        Header reason = r.headers().lastHeader("dead-letter-reason");
        return reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8);
    }
}
