package io.cmmigration.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmmigration.deploy.kustomize.Kustomize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The rendered overlays (rendered once per test JVM) and look-ups in them. */
public final class Rendered {

    public static final List<String> OVERLAYS = List.of("dev", "production");
    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Rendered() {
    }

    public static List<ObjectNode> overlay(String name) {
        return CACHE.computeIfAbsent(name, n -> List.copyOf(Kustomize.render(Project.overlay(n))));
    }

    public static List<ObjectNode> ofKind(String overlay, String kind) {
        return overlay(overlay).stream().filter(o -> o.path("kind").asText().equals(kind)).collect(Collectors.toList());
    }

    public static Optional<ObjectNode> find(String overlay, String kind, String name) {
        return ofKind(overlay, kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    public static ObjectNode get(String overlay, String kind, String name) {
        return find(overlay, kind, name).orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + " " + name));
    }

    /** The first (application) container of a workload. */
    public static JsonNode container(ObjectNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").path(0);
    }
}
