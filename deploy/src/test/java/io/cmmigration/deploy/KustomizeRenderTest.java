package io.cmmigration.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmmigration.deploy.kustomize.Kustomize;
import io.cmmigration.deploy.kustomize.KustomizeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both overlays render; where kubectl (with its built-in kustomize) is installed, exactly as kubectl renders them. */
class KustomizeRenderTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void overlayRendersEveryPartOfThePlatformIntoOneNamespace(String overlay) {
        List<ObjectNode> objects = Rendered.overlay(overlay);
        for (String service : Project.SERVICES) {
            Rendered.get(overlay, "Deployment", service);
            Rendered.get(overlay, "Service", service);
            Rendered.get(overlay, "PodDisruptionBudget", service);
        }
        Rendered.get(overlay, "Kafka", "cm-kafka");
        Rendered.get(overlay, "KafkaNodePool", "combined");
        Rendered.get(overlay, "HorizontalPodAutoscaler", "job-service");
        Rendered.get(overlay, "Ingress", "cm-migration");
        for (ObjectNode o : objects) {
            if (!o.path("kind").asText().equals("Namespace")) {
                assertEquals("cm-migration", o.path("metadata").path("namespace").asText(), Kustomize.id(o) + " is outside the namespace");
            }
        }
        Map<String, Long> ids = objects.stream().collect(Collectors.groupingBy(Kustomize::id, Collectors.counting()));
        ids.forEach((id, n) -> assertEquals(1, n, id + " is rendered twice"));
    }

    @Test
    void devRunsSqlServerInTheClusterAndProductionDoesNot() {
        assertTrue(Rendered.find("dev", "StatefulSet", "sqlserver").isPresent());
        assertTrue(Rendered.find("dev", "Job", "sqlserver-create-databases").isPresent());
        assertFalse(Rendered.find("production", "StatefulSet", "sqlserver").isPresent());
        assertTrue(Rendered.ofKind("production", "Secret").isEmpty(), "production must not carry credentials in the repository");
        assertEquals(1, Rendered.get("dev", "KafkaNodePool", "combined").path("spec").path("replicas").asInt());
        assertEquals(3, Rendered.get("production", "KafkaNodePool", "combined").path("spec").path("replicas").asInt());
        assertEquals("registry.example.com/cm-migration/job-service:0.1.0",
                Rendered.container(Rendered.get("production", "Deployment", "job-service")).path("image").asText());
        assertEquals("cm-migration/job-service:0.1.0", Rendered.container(Rendered.get("dev", "Deployment", "job-service")).path("image").asText());
    }

    @Test
    void generatedConfigMapsMergeOverlayValuesIntoTheBase() {
        JsonNode data = Rendered.get("dev", "ConfigMap", "job-service-config").path("data");
        assertEquals("8082", data.path("HTTP_PORT").asText(), "base value kept");
        assertTrue(data.path("QUARKUS_DATASOURCE_DESTINATION_JDBC_URL").asText().contains("databaseName=cmm_destination"), "overlay value added");
    }

    @Test
    void aKustomizationUsingAFeatureTheRendererDoesNotImplementIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\nnamePrefix: x-\n");
        KustomizeException e = assertThrows(KustomizeException.class, () -> Kustomize.render(dir));
        assertTrue(e.getMessage().contains("namePrefix"), e.getMessage());
    }

    @Test
    void aPatchWhoseTargetIsMissingIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\npatches:\n  - path: p.yaml\n");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nope\nspec:\n  replicas: 2\n");
        assertThrows(KustomizeException.class, () -> Kustomize.render(dir));
    }

    /** The Java renderer and kubectl's kustomize produce the same objects, field for field. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void rendersExactlyAsKubectlKustomize(String overlay) throws Exception {
        Assumptions.assumeTrue(kubectlAvailable(), "kubectl is not installed: only the Java rendering is checked");
        Process p = new ProcessBuilder("kubectl", "kustomize", Project.overlay(overlay).toString()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl kustomize failed: " + err);
        Map<String, JsonNode> byKubectl = byId(Kustomize.parse(out));
        Map<String, JsonNode> byJava = byId(Rendered.overlay(overlay));
        assertEquals(byKubectl.keySet(), byJava.keySet(), "the same objects");
        for (String id : byKubectl.keySet()) {
            assertEquals(byKubectl.get(id), byJava.get(id), id + " differs between kubectl kustomize and the Java renderer");
        }
    }

    private static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
        Map<String, JsonNode> m = new TreeMap<>();
        objects.forEach(o -> m.put(Kustomize.id(o), o));
        return m;
    }

    static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", "--help").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
