package io.cmmigration.job;

import static org.awaitility.Awaitility.await;

import io.cmmigration.events.EventCodec;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.kafka.TestKafka;
import io.cmmigration.testsupport.security.TestUsers;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** REST helpers shared by the tests. */
public final class JobTestSupport {

    private JobTestSupport() {
    }

    public static void awaitObjects(String hierarchyId, int expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> TestUsers.viewer()
                .queryParam("hierarchyId", hierarchyId).queryParam("size", 1).get("/api/objects").then().statusCode(200)
                .extract().jsonPath().getLong("total") == expected);
    }

    public static String createJob(Map<String, Object> body) {
        return TestUsers.admin().contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(201).extract().jsonPath().getString("jobId");
    }

    public static JsonPath awaitJob(String jobId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> status.equals(
                TestUsers.viewer().get("/api/jobs/" + jobId).then().statusCode(200).extract().jsonPath().getString("status")));
        return TestUsers.viewer().get("/api/jobs/" + jobId).then().extract().jsonPath();
    }

    public static List<Map<String, Object>> jobObjects(String jobId) {
        return TestUsers.viewer().queryParam("size", 5000).get("/api/jobs/" + jobId + "/objects").then().statusCode(200).extract().jsonPath().getList("items");
    }

    public static Map<String, Object> object(String hierarchyId, String key) {
        return TestUsers.viewer().queryParam("hierarchyId", hierarchyId).get("/api/objects/" + key).then().statusCode(200).extract().jsonPath().getMap("object");
    }

    public static String state(String hierarchyId, String key) {
        return (String) object(hierarchyId, key).get("state");
    }

    /** The events on migration.job-status keyed by the job, read from the start until {@code complete} holds for them. */
    public static List<MigrationEvent> jobStatusEvents(String jobId, Predicate<List<MigrationEvent>> complete) {
        List<MigrationEvent> out = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.of(io.cmmigration.events.JobObjectStatusBatchEvent.class).topicName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (jobId.equals(r.key())) {
                        out.add(EventCodec.decode(r.value()));
                    }
                }
                return complete.test(out);
            });
        }
        return out;
    }
}
