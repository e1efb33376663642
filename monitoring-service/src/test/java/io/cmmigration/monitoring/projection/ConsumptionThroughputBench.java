package io.cmmigration.monitoring.projection;

import static io.cmmigration.monitoring.support.TestEvents.entry;
import static io.cmmigration.monitoring.support.TestEvents.id;
import static io.cmmigration.monitoring.support.TestEvents.job;
import static io.cmmigration.monitoring.support.TestEvents.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmmigration.events.EventCodec;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent.Status;
import io.cmmigration.events.MigrationEvent;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Measurement harness, not part of the regular test run (surefire only picks up *Test classes): publishes the status
 * stream of a large migration job - a RUNNING report, the objects' statuses, a progress JobStatusEvent every 1,000
 * objects and the COMPLETED report - to the real broker as fast as a producer can, then waits until the projection
 * shows every object and the completed job, and reports objects per second. The same job is measured twice in one run,
 * first with one JobObjectStatusEvent per object (as job-service published before), then with one
 * JobObjectStatusBatchEvent per chunk of 1,000 objects (as it publishes now), so the ratio compares like with like on
 * a shared machine. It asserts only that everything arrived (no timing assertion). Run:
 * {@code ./mvnw -B -pl monitoring-service test -Dtest=ConsumptionThroughputBench [-Dbench.objects=50000]}; the
 * result is printed and written to {@code target/bench/consumption-throughput.json}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "monitoring"))
class ConsumptionThroughputBench {

    private static final int CHUNK = JobObjectStatusBatchEvent.MAX_OBJECTS;

    @Test
    void aLargeJobsStatusStreamIsAppliedCompletely() throws Exception {
        int objects = Integer.getInteger("bench.objects", 50_000);
        String single = measure(objects, false);
        String chunks = measure(objects, true);
        double ratio = JsonPath.from(chunks).getDouble("objectsPerSecond") / JsonPath.from(single).getDouble("objectsPerSecond");
        String result = String.format(java.util.Locale.ROOT, "{\"singleEvents\":%s,\"chunkEvents\":%s,\"chunkToSingleRatio\":%.2f}",
                single, chunks, ratio);
        System.out.println("consumption throughput: " + result);
        Path out = Path.of("target", "bench", "consumption-throughput.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, result + "\n", StandardCharsets.UTF_8);
    }

    /** Publishes one job's stream (one event per object, or one per chunk of 1,000) and measures until it is applied. */
    private static String measure(int objects, boolean inChunks) throws Exception {
        String h = id("H");
        String j = id("J");
        Instant t = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        List<MigrationEvent> events = new ArrayList<>(objects + objects / 1000 + 2);
        events.add(job(j, h, Status.RUNNING, objects, 0, 0, 0, t, t, null));
        List<JobObjectStatusBatchEvent.JobObjectStatus> chunk = new ArrayList<>(CHUNK);
        for (int i = 1; i <= objects; i++) {
            Instant at = t.plusMillis(i);
            String sourceId = "BEN" + String.format("%05X", i);
            if (inChunks) {
                chunk.add(entry(h, ObjectType.COLLECTION, sourceId, "Collection " + i, JobObjectStatusEvent.Status.COMPLETED, null));
                if (chunk.size() == CHUNK || i == objects) {
                    events.add(TestEvents.chunk(j, h, at, chunk));
                    chunk = new ArrayList<>(CHUNK);
                }
            } else {
                events.add(object(j, h, h, ObjectType.COLLECTION, sourceId, "Collection " + i, JobObjectStatusEvent.Status.COMPLETED, at,
                        null));
            }
            if (i % 1000 == 0 && i < objects) {
                events.add(job(j, h, Status.RUNNING, objects, i, 0, 0, at, t, null));
            }
        }
        Instant end = t.plusMillis(objects + 1);
        events.add(job(j, h, Status.COMPLETED, objects, objects, 0, 0, end, t, end));
        String metricsBefore = TestUsers.anonymous().get("/q/metrics").then().extract().asString();

        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestEvents.bootstrap(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576), new StringSerializer(),
                new StringSerializer())) {
            for (MigrationEvent e : events) {
                producer.send(new ProducerRecord<>(Topic.JOB_STATUS.topicName(), e.key(), EventCodec.encode(e)));
            }
            producer.flush();
        }
        double producedSeconds = (System.nanoTime() - start) / 1e9;

        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        int applied = 0;
        String status = null;
        while (System.nanoTime() < deadline) {
            applied = TestUsers.viewer().get("/api/jobs/" + j + "/objects?size=1").then().extract().jsonPath().getInt("total");
            if (applied == objects) {
                JsonPath jobView = TestUsers.viewer().get("/api/jobs/" + j).then().statusCode(200).extract().jsonPath();
                status = jobView.getString("status");
                if ("COMPLETED".equals(status) && jobView.getLong("migrated") == objects) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String metrics = TestUsers.anonymous().get("/q/metrics").then().extract().asString();
        double batches = metric(metrics, "cmm_monitoring_apply_batch_events_count") - metric(metricsBefore, "cmm_monitoring_apply_batch_events_count");
        double batchEvents = metric(metrics, "cmm_monitoring_apply_batch_events_sum") - metric(metricsBefore, "cmm_monitoring_apply_batch_events_sum");
        double batchSeconds = metric(metrics, "cmm_monitoring_apply_batch_seconds_sum") - metric(metricsBefore, "cmm_monitoring_apply_batch_seconds_sum");
        String result = String.format(java.util.Locale.ROOT,
                "{\"events\":%d,\"objects\":%d,\"producedSeconds\":%.2f,\"appliedSeconds\":%.2f,\"objectsPerSecond\":%.0f,"
                        + "\"eventsPerSecond\":%.0f,\"batches\":%.0f,\"meanBatchEvents\":%.1f,\"meanBatchMillis\":%.1f}",
                events.size(), objects, producedSeconds, seconds, objects / seconds, events.size() / seconds, batches,
                batches == 0 ? 0 : batchEvents / batches, batches == 0 ? 0 : 1000 * batchSeconds / batches);
        System.out.println((inChunks ? "chunk events: " : "single events: ") + result);

        assertEquals(objects, applied, "every object of the job is in the projection");
        assertEquals("COMPLETED", status);
        assertEquals(events.size(),
                TestUsers.viewer().get("/api/history?jobId=" + j + "&size=1").then().extract().jsonPath().getInt("total"),
                "every event is in the history once (no failed objects, so one row per event)");
        return result;
    }

    /** The value of a job-status series in Prometheus text (0 when absent, e.g. without batching). */
    private static double metric(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name + "{") && l.contains("topic=\"migration.job-status\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
