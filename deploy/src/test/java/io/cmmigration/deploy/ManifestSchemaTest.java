package io.cmmigration.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmmigration.deploy.kustomize.Kustomize;
import io.cmmigration.deploy.model.InvalidManifestException;
import io.cmmigration.deploy.model.ManifestValidator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rendered manifest fits the Kubernetes API schema (typed models, unknown fields rejected). */
class ManifestSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyRenderedManifestFitsItsTypedModel(String overlay) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : Rendered.overlay(overlay)) {
            try {
                ManifestValidator.validate(o);
            } catch (InvalidManifestException e) {
                problems.add(e.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aMisspelledFieldDeepInsideADeploymentIsRejectedWithItsPath() {
        ObjectNode deployment = Rendered.get("dev", "Deployment", "job-service").deepCopy();
        ObjectNode container = (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
        container.set("readinesProbe", container.get("readinessProbe"));
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> ManifestValidator.validate(deployment));
        assertTrue(e.getMessage().contains("spec.template.spec.containers[0]: unknown field(s) [readinesProbe]"), e.getMessage());
    }

    @Test
    void aMisspelledFieldOfAStrimziResourceIsRejected() {
        ObjectNode topic = Rendered.ofKind("dev", "KafkaTopic").get(0).deepCopy();
        ((ObjectNode) topic.get("spec")).put("partition", 3);
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> ManifestValidator.validate(topic));
        assertTrue(e.getMessage().contains("unknown field(s) [partition]"), e.getMessage());
    }

    @Test
    void aWrongTypeOrAnUnknownKindIsRejected() {
        ObjectNode hpa = Rendered.get("dev", "HorizontalPodAutoscaler", "job-service").deepCopy();
        ((ObjectNode) hpa.get("spec")).put("maxReplicas", "many");
        assertThrows(InvalidManifestException.class, () -> ManifestValidator.validate(hpa));
        ObjectNode legacy = Rendered.get("dev", "HorizontalPodAutoscaler", "job-service").deepCopy();
        legacy.put("apiVersion", "autoscaling/v2beta1");
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> ManifestValidator.validate(legacy));
        assertTrue(e.getMessage().contains("no model"), e.getMessage() + " " + Kustomize.id(legacy));
    }
}
