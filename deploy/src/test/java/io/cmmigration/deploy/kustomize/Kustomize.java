package io.cmmigration.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The subset of kustomize that deploy/ uses, in Java, so that the manifests can be rendered and checked on a machine
 * without kustomize: {@code resources} (files and directories), {@code namespace}, {@code configMapGenerator} and
 * {@code secretGenerator} (literals; behavior create/merge/replace; {@code generatorOptions.disableNameSuffixHash}
 * must be true), {@code patches} (strategic-merge patch files, target = the patch's kind and name) and {@code images}
 * (newName/newTag). Anything else in a kustomization.yaml is refused, so the manifests cannot drift into features this
 * renderer would silently ignore. Where kubectl is installed, KustomizeRenderTest checks that both render alike.
 */
public final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "generatorOptions",
            "configMapGenerator", "secretGenerator", "patches", "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");

    private Kustomize() {
    }

    /** Renders the kustomization in {@code dir} into its list of Kubernetes objects. */
    public static List<ObjectNode> render(Path dir) {
        JsonNode k = readOne(dir.resolve("kustomization.yaml"));
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f)) {
                throw new KustomizeException(dir + "/kustomization.yaml uses '" + f + "', which this renderer does not implement");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(render(p));
            } else if (Files.isRegularFile(p)) {
                objects.addAll(readAll(p));
            } else {
                throw new KustomizeException("resource " + r.asText() + " of " + dir + " does not exist");
            }
        }
        boolean hasGenerators = k.has("configMapGenerator") || k.has("secretGenerator");
        if (hasGenerators && !k.path("generatorOptions").path("disableNameSuffixHash").asBoolean(false)) {
            throw new KustomizeException(dir + ": generators need generatorOptions.disableNameSuffixHash: true (names are not hashed here)");
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            generate(objects, g, "ConfigMap", false, dir);
        }
        for (JsonNode g : k.path("secretGenerator")) {
            generate(objects, g, "Secret", true, dir);
        }
        for (JsonNode patchRef : k.path("patches")) {
            if (!patchRef.has("path") || patchRef.size() != 1) {
                throw new KustomizeException(dir + ": only 'patches: - path: <strategic merge patch file>' is supported");
            }
            Path p = dir.resolve(patchRef.get("path").asText());
            for (ObjectNode patch : readAll(p)) {
                ObjectNode target = find(objects, patch.path("kind").asText(), patch.path("metadata").path("name").asText())
                        .orElseThrow(() -> new KustomizeException("patch " + p + " targets " + patch.path("kind").asText() + "/"
                                + patch.path("metadata").path("name").asText() + ", which is not among the resources"));
                StrategicMerge.apply(target, patch);
            }
        }
        if (k.has("namespace")) {
            String ns = k.get("namespace").asText();
            for (ObjectNode o : objects) {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
                    ((ObjectNode) o.get("metadata")).put("namespace", ns);
                }
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode o : objects) {
                setImages(o, image);
            }
        }
        return objects;
    }

    private static void generate(List<ObjectNode> objects, JsonNode g, String kind, boolean secret, Path dir) {
        String name = g.path("name").asText();
        String behavior = g.path("behavior").asText("create");
        ObjectNode data = YAML.createObjectNode();
        for (JsonNode literal : g.path("literals")) {
            String s = literal.asText();
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new KustomizeException(dir + ": literal without '=' in " + name + ": " + s);
            }
            String value = s.substring(eq + 1);
            data.put(s.substring(0, eq), secret ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value);
        }
        g.fieldNames().forEachRemaining(f -> {
            if (!Set.of("name", "behavior", "literals").contains(f)) {
                throw new KustomizeException(dir + ": generator field '" + f + "' is not supported");
            }
        });
        var existing = find(objects, kind, name);
        switch (behavior) {
            case "create" -> {
                if (existing.isPresent()) {
                    throw new KustomizeException(dir + ": " + kind + " " + name + " already exists (use behavior: merge)");
                }
                ObjectNode o = YAML.createObjectNode();
                o.put("apiVersion", "v1");
                o.put("kind", kind);
                o.putObject("metadata").put("name", name);
                if (secret) {
                    o.put("type", "Opaque");
                }
                o.set("data", data);
                objects.add(o);
            }
            case "merge", "replace" -> {
                ObjectNode o = existing.orElseThrow(() -> new KustomizeException(dir + ": " + behavior + " of missing " + kind + " " + name));
                if (behavior.equals("replace") || !o.has("data")) {
                    o.set("data", data);
                } else {
                    ((ObjectNode) o.get("data")).setAll(data);
                }
            }
            default -> throw new KustomizeException(dir + ": unknown generator behavior " + behavior);
        }
    }

    private static void setImages(ObjectNode o, JsonNode image) {
        JsonNode podSpec = o.path("kind").asText().equals("Pod") ? o.path("spec") : o.path("spec").path("template").path("spec");
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : podSpec.path(list)) {
                String ref = c.path("image").asText();
                int slash = ref.lastIndexOf('/');
                int colon = ref.indexOf(':', slash + 1);
                String name = colon < 0 ? ref : ref.substring(0, colon);
                String tag = colon < 0 ? null : ref.substring(colon + 1);
                if (!name.equals(image.path("name").asText())) {
                    continue;
                }
                String newName = image.path("newName").asText(name);
                String newTag = image.has("newTag") ? image.get("newTag").asText() : tag;
                ((ObjectNode) c).put("image", newTag == null ? newName : newName + ":" + newTag);
            }
        }
    }

    static java.util.Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    /** All non-empty YAML documents of a file. */
    public static List<ObjectNode> readAll(Path file) {
        try {
            List<ObjectNode> docs = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(Files.readString(file));
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    if (!n.isObject()) {
                        throw new KustomizeException(file + ": a document is not a mapping");
                    }
                    docs.add((ObjectNode) n);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode readOne(Path file) {
        List<ObjectNode> docs = readAll(file);
        if (docs.size() != 1) {
            throw new KustomizeException(file + " must hold exactly one document");
        }
        return docs.get(0);
    }

    /** Parses a multi-document YAML stream (e.g. kubectl kustomize output). */
    public static List<ObjectNode> parse(String yaml) {
        try {
            Path tmp = Files.createTempFile("render", ".yaml");
            try {
                Files.writeString(tmp, yaml);
                return readAll(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Identity of an object: kind/namespace/name. */
    public static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText("") + "/" + o.path("metadata").path("name").asText();
    }
}
