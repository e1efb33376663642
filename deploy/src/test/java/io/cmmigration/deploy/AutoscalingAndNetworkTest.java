package io.cmmigration.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmmigration.events.topics.Topic;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job-service autoscaler stays within Kafka's partitions; only the dashboard and the job API are reachable from outside. */
class AutoscalingAndNetworkTest {

    /** Partitions of every topic job-service consumes, read from its channel configuration. */
    static Map<String, Integer> topicsConsumedByJobService() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Project.root().resolve("job-service/src/main/resources/application.properties"))) {
            p.load(r);
        }
        Map<String, Integer> topics = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            // mp.messaging.incoming.<channel>.topic only (not ...<channel>.dead-letter-queue.topic, which is produced to).
            if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                Topic t = Topic.byName(p.getProperty(key));
                topics.put(t.topicName(), t.partitions());
            }
        }
        return topics;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void jobServiceAutoscalerIsBoundedByThePartitionsItConsumes(String overlay) throws IOException {
        Map<String, Integer> consumed = topicsConsumedByJobService();
        assertTrue(consumed.containsKey(Topic.SOURCE_OBJECTS.topicName()), "job-service consumes the source objects: " + consumed);
        int partitions = consumed.values().stream().max(Integer::compare).orElseThrow();
        JsonNode hpa = Rendered.get(overlay, "HorizontalPodAutoscaler", "job-service").path("spec");
        assertEquals("Deployment", hpa.path("scaleTargetRef").path("kind").asText());
        assertEquals("job-service", hpa.path("scaleTargetRef").path("name").asText());
        int max = hpa.path("maxReplicas").asInt();
        int min = hpa.path("minReplicas").asInt();
        assertTrue(1 <= min && min <= max, "1 <= minReplicas " + min + " <= maxReplicas " + max);
        assertTrue(max <= partitions, "maxReplicas " + max + " exceeds the " + partitions + " partitions job-service consumes " + consumed);
        assertFalse(Rendered.get(overlay, "Deployment", "job-service").path("spec").has("replicas"),
                "the autoscaler owns job-service's replica count; a fixed count in the Deployment fights it");
        assertTrue(Rendered.get(overlay, "PodDisruptionBudget", "job-service").path("spec").path("minAvailable").asInt() <= min,
                "the disruption budget must not demand more pods than the autoscaler's minimum");
    }

    /** Pod labels of every workload in the render. */
    static Map<String, JsonNode> workloads(String overlay) {
        Map<String, JsonNode> pods = new TreeMap<>();
        for (ObjectNode o : Rendered.overlay(overlay)) {
            if (Set.of("Deployment", "StatefulSet", "Job").contains(o.path("kind").asText())) {
                pods.put(o.path("metadata").path("name").asText(), o.path("spec").path("template").path("metadata").path("labels"));
            }
        }
        return pods;
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.has("matchExpressions")) {
            throw new AssertionError("matchExpressions are not evaluated here: use matchLabels");
        }
        var it = selector.path("matchLabels").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().equals(labels.path(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void onlyTheDashboardAndTheJobApiAdmitTrafficFromOutsideTheNamespace(String overlay) {
        List<JsonNode> policies = new ArrayList<>(Rendered.ofKind(overlay, "NetworkPolicy"));
        assertTrue(policies.stream().anyMatch(p -> p.path("spec").path("podSelector").isEmpty()
                && p.path("spec").path("policyTypes").toString().contains("Ingress") && !p.path("spec").has("ingress")),
                "a default-deny ingress policy closes every pod");
        Set<String> reachableFromOutside = new TreeSet<>();
        for (JsonNode p : policies) {
            for (JsonNode rule : p.path("spec").path("ingress")) {
                boolean outside = rule.path("from").isEmpty();
                for (JsonNode peer : rule.path("from")) {
                    outside |= peer.has("namespaceSelector") || peer.has("ipBlock");
                }
                if (outside) {
                    workloads(overlay).forEach((name, labels) -> {
                        if (selects(p.path("spec").path("podSelector"), labels)) {
                            reachableFromOutside.add(name);
                        }
                    });
                }
            }
        }
        assertEquals(Set.of("job-service", "monitoring-service"), reachableFromOutside);
        Set<String> backends = new TreeSet<>();
        Rendered.get(overlay, "Ingress", "cm-migration").findValues("service").forEach(s -> backends.add(s.path("name").asText()));
        assertEquals(Set.of("job-service", "monitoring-service"), backends, "the Ingress exposes the dashboard and the job API only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void kafkaAdmitsTheFourServicesAndTheyReachKafkaAndTheirDatabase(String overlay) {
        JsonNode listeners = Rendered.get(overlay, "Kafka", "cm-kafka").path("spec").path("kafka").path("listeners");
        assertEquals(1, listeners.size());
        Set<String> kafkaClients = new TreeSet<>();
        for (JsonNode peer : listeners.path(0).path("networkPolicyPeers")) {
            workloads(overlay).forEach((name, labels) -> {
                if (selects(peer.path("podSelector"), labels)) {
                    kafkaClients.add(name);
                }
            });
        }
        assertEquals(new TreeSet<>(Project.SERVICES), kafkaClients, "Strimzi's listener policy admits exactly the services");
        int kafkaPort = listeners.path(0).path("port").asInt();
        for (String service : Project.SERVICES) {
            JsonNode labels = workloads(overlay).get(service);
            Set<Integer> egressPorts = new TreeSet<>();
            for (JsonNode p : Rendered.ofKind(overlay, "NetworkPolicy")) {
                if (selects(p.path("spec").path("podSelector"), labels)) {
                    p.path("spec").path("egress").findValues("port").forEach(port -> egressPorts.add(port.asInt()));
                }
            }
            assertTrue(egressPorts.containsAll(List.of(53, kafkaPort, 1433)), service + " may reach DNS, Kafka and SQL Server: " + egressPorts);
        }
    }

    @Test
    void devSqlServerAdmitsOnlyTheServicesAndTheDatabaseJob() {
        JsonNode sqlLabels = workloads("dev").get("sqlserver");
        Set<String> clients = new TreeSet<>();
        for (JsonNode p : Rendered.ofKind("dev", "NetworkPolicy")) {
            if (!p.path("spec").path("podSelector").isEmpty() && selects(p.path("spec").path("podSelector"), sqlLabels)) {
                for (JsonNode peer : p.path("spec").path("ingress").findValues("podSelector")) {
                    workloads("dev").forEach((name, labels) -> {
                        if (selects(peer, labels)) {
                            clients.add(name);
                        }
                    });
                }
            }
        }
        Set<String> expected = new TreeSet<>(Project.SERVICES);
        expected.add("sqlserver-create-databases");
        assertEquals(expected, clients);
    }
}
