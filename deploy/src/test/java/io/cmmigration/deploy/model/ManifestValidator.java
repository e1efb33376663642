package io.cmmigration.deploy.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline schema check of a rendered manifest: the document is read into its typed Kubernetes model (fabric8's
 * kubernetes-model for the built-in kinds, Strimzi's api module for Kafka, KafkaNodePool and KafkaTopic), and every
 * field the model does not know is an error. The models keep unknown fields in {@code additionalProperties} maps
 * instead of failing, so the whole object tree is walked and any non-empty one is reported with its path
 * ({@code spec.template.spec.containers[0].readinesProbe}). Kinds and API versions outside the table are errors too.
 */
public final class ManifestValidator {

    /** apiVersion/kind -> typed model. Only what deploy/ uses; adding a kind means adding its model here. */
    public static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class));

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ManifestValidator() {
    }

    /** The typed object, or an exception naming every problem of the document. */
    public static Object validate(JsonNode doc) {
        String id = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
        Class<?> model = MODELS.get(doc.path("apiVersion").asText() + "/" + doc.path("kind").asText());
        if (model == null) {
            throw new InvalidManifestException(id + ": no model for this apiVersion and kind (known: " + MODELS.keySet() + ")");
        }
        Object typed;
        try {
            typed = JSON.treeToValue(doc, model);
        } catch (Exception e) {
            throw new InvalidManifestException(id + ": does not fit " + model.getSimpleName() + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        walk(typed, "", problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (doc.path("metadata").path("name").asText().isEmpty()) {
            problems.add("metadata.name is missing");
        }
        if (!problems.isEmpty()) {
            throw new InvalidManifestException(id + ": " + String.join("; ", problems));
        }
        return typed;
    }

    private static void walk(Object o, String path, List<String> problems, Set<Object> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?> || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object e : list) {
                walk(e, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Object value;
                try {
                    f.setAccessible(true);
                    value = f.get(o);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (f.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add((path.isEmpty() ? "" : path.substring(1) + ": ") + "unknown field(s) " + extra.keySet());
                    }
                } else {
                    walk(value, path + "." + f.getName(), problems, seen);
                }
            }
        }
    }
}
