package io.cmmigration.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmmigration.events.topics.Topic;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The KafkaTopic resources are the topic registry: same names, partitions and compaction, nothing more or less. */
class TopicRegistryConsistencyTest {

    static Map<String, String> registry() {
        return Arrays.stream(Topic.values()).collect(Collectors.toMap(Topic::topicName,
                t -> "partitions=" + t.partitions() + " cleanup.policy=" + (t.compacted() ? "compact" : "delete"), (a, b) -> a, TreeMap::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void kafkaTopicsEqualTheRegistry(String overlay) {
        Map<String, String> rendered = new TreeMap<>();
        for (JsonNode t : Rendered.ofKind(overlay, "KafkaTopic")) {
            assertEquals("cm-kafka", t.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    t.path("metadata").path("name").asText() + " must belong to the cm-kafka cluster, or the topic operator ignores it");
            rendered.put(t.path("spec").path("topicName").asText(), "partitions=" + t.path("spec").path("partitions").asInt()
                    + " cleanup.policy=" + t.path("spec").path("config").path("cleanup.policy").asText());
        }
        assertEquals(registry(), rendered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void kafkaRunsInKraftModeWithControllerAndBrokerNodesAndCreatesNoTopicsByItself(String overlay) {
        JsonNode pool = Rendered.get(overlay, "KafkaNodePool", "combined");
        assertEquals("cm-kafka", pool.path("metadata").path("labels").path("strimzi.io/cluster").asText());
        assertEquals("[\"controller\",\"broker\"]", pool.path("spec").path("roles").toString());
        JsonNode kafka = Rendered.get(overlay, "Kafka", "cm-kafka");
        assertEquals("false", kafka.path("spec").path("kafka").path("config").path("auto.create.topics.enable").asText());
        int brokers = pool.path("spec").path("replicas").asInt();
        int replication = kafka.path("spec").path("kafka").path("config").path("default.replication.factor").asInt();
        int minIsr = kafka.path("spec").path("kafka").path("config").path("min.insync.replicas").asInt();
        assertEquals(true, replication <= brokers && minIsr <= replication && replication >= 1,
                overlay + ": replication " + replication + " / min ISR " + minIsr + " do not fit " + brokers + " broker(s)");
        assertEquals(true, kafka.path("spec").path("entityOperator").has("topicOperator"), "the topic operator applies the KafkaTopics");
    }
}
