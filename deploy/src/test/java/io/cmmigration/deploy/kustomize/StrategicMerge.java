package io.cmmigration.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Strategic-merge patch as kustomize applies it, for what deploy/ patches: mappings merge key by key (null deletes);
 * lists of the built-in pod fields that Kubernetes merges by a key (containers and env by name, ports by containerPort,
 * volumeMounts by mountPath, ...) merge element by element; every other list, and every list of a custom resource
 * (kustomize knows no merge keys for those), is replaced.
 */
final class StrategicMerge {

    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
            "volumeMounts", "mountPath", "ports", "containerPort", "imagePullSecrets", "name");

    private StrategicMerge() {
    }

    static void apply(ObjectNode target, ObjectNode patch) {
        boolean builtIn = !patch.path("apiVersion").asText().contains(".") || patch.path("apiVersion").asText().contains("k8s.io");
        merge(target, patch, builtIn);
    }

    private static void merge(ObjectNode target, ObjectNode patch, boolean builtIn) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, builtIn);
            } else if (value.isArray() && current != null && current.isArray() && builtIn && MERGE_KEYS.containsKey(key)
                    && (!key.equals("ports") || isContainerPorts(value))) {
                mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(key), builtIn);
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private static boolean isContainerPorts(JsonNode list) {
        return list.size() > 0 && list.get(0).has("containerPort");
    }

    private static void mergeList(ArrayNode current, ArrayNode patch, String mergeKey, boolean builtIn) {
        for (JsonNode p : patch) {
            JsonNode match = null;
            for (JsonNode c : current) {
                if (c.path(mergeKey).equals(p.path(mergeKey))) {
                    match = c;
                }
            }
            if (match == null) {
                current.add(p.deepCopy());
            } else {
                merge((ObjectNode) match, (ObjectNode) p, builtIn);
            }
        }
    }
}
