package io.cmmigration.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmmigration.deploy.config.ServiceConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests agree with the services: every environment variable reaches a configuration key the service
 * reads, every variable the service needs is given, ports/probes/Services match the service's port, references to
 * ConfigMaps and Secrets resolve, images are the ones the Dockerfiles build.
 */
class KubernetesWiringTest {

    static List<Arguments> overlaysAndServices() {
        List<Arguments> args = new ArrayList<>();
        for (String overlay : Rendered.OVERLAYS) {
            for (String service : Project.SERVICES) {
                args.add(Arguments.of(overlay, service));
            }
        }
        return args;
    }

    /** The variables a container gets, with where each comes from (configMap name, secret name/key or literal). */
    static Map<String, String> environment(String overlay, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.path("configMapRef").path("name").asText();
            assertFalse(cm.isEmpty(), "only envFrom configMapRef is used: " + from);
            JsonNode data = Rendered.find(overlay, "ConfigMap", cm)
                    .orElseThrow(() -> new AssertionError(overlay + ": envFrom names ConfigMap " + cm + ", which is not rendered")).path("data");
            data.fieldNames().forEachRemaining(k -> env.put(k, "configMap " + cm + ": " + data.get(k).asText()));
        }
        for (JsonNode e : container.path("env")) {
            JsonNode secret = e.path("valueFrom").path("secretKeyRef");
            env.put(e.path("name").asText(), secret.isMissingNode() ? "value " + e.path("value").asText()
                    : "secret " + secret.path("name").asText() + "/" + secret.path("key").asText());
        }
        return env;
    }

    static String value(Map<String, String> env, String variable) {
        String source = env.get(variable);
        return source == null ? null : source.substring(source.indexOf(": ") + 2);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void everyVariableGivenToTheServiceIsReadByIt(String overlay, String service) {
        ServiceConfiguration config = ServiceConfiguration.of(service);
        Map<String, String> env = environment(overlay, Rendered.container(Rendered.get(overlay, "Deployment", service)));
        List<String> unread = new ArrayList<>();
        env.keySet().forEach(v -> {
            if (config.keyReadBy(v) == null) {
                unread.add(v + " (" + env.get(v) + ")");
            }
        });
        assertTrue(unread.isEmpty(), overlay + ": " + service + " reads no configuration key for " + unread);
        Set<String> missing = new TreeSet<>(config.requiredVariables());
        missing.removeAll(env.keySet());
        assertTrue(missing.isEmpty(), overlay + ": " + service + " needs " + missing);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void portsProbesAndServiceAgreeWithTheServicePort(String overlay, String service) {
        int port = ServiceConfiguration.of(service).defaultPort();
        ObjectNode deployment = Rendered.get(overlay, "Deployment", service);
        JsonNode container = Rendered.container(deployment);
        assertEquals(String.valueOf(port), value(environment(overlay, container), "HTTP_PORT"), "HTTP_PORT of " + service);
        assertEquals(port, container.path("ports").path(0).path("containerPort").asInt());
        assertEquals("http", container.path("ports").path(0).path("name").asText());
        Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                "livenessProbe", "/q/health/live");
        probes.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), service + " " + probe);
            assertEquals(port, resolvePort(container, get.path("port")), service + " " + probe + " port");
        });
        assertTrue(container.path("resources").path("requests").has("memory") && container.path("resources").path("limits").has("memory"),
                service + " has memory requests and limits");
        JsonNode svc = Rendered.get(overlay, "Service", service);
        assertEquals(port, svc.path("spec").path("ports").path(0).path("port").asInt());
        assertEquals(port, resolvePort(container, svc.path("spec").path("ports").path(0).path("targetPort")));
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        svc.path("spec").path("selector").fields().forEachRemaining(e -> assertEquals(e.getValue(), podLabels.path(e.getKey()),
                "Service " + service + " selects the Deployment's pods"));
        deployment.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e -> assertEquals(e.getValue(),
                podLabels.path(e.getKey()), "Deployment selector matches its template"));
        JsonNode pdb = Rendered.get(overlay, "PodDisruptionBudget", service);
        pdb.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e -> assertEquals(e.getValue(),
                podLabels.path(e.getKey()), "PodDisruptionBudget selects " + service));
    }

    static int resolvePort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return fail("no container port named " + port);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void databaseIsSqlServerAndOwnedByTheServiceAlone(String overlay, String service) {
        ServiceConfiguration config = ServiceConfiguration.of(service);
        Map<String, String> env = environment(overlay, Rendered.container(Rendered.get(overlay, "Deployment", service)));
        for (String ds : config.datasources()) {
            String variable = ds.equals("<default>") ? "QUARKUS_DATASOURCE_JDBC_URL" : "QUARKUS_DATASOURCE_" + ServiceConfiguration.environmentName(ds) + "_JDBC_URL";
            String url = value(env, variable);
            assertTrue(url != null && url.startsWith("jdbc:sqlserver://"), overlay + ": " + service + " " + variable
                    + " must be a SQL Server URL (the image is the production build, db-kind mssql): " + url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyServiceHasItsOwnDatabaseAndDevCreatesThemAll(String overlay) {
        Set<String> databases = new HashSet<>();
        Pattern name = Pattern.compile("databaseName=([A-Za-z0-9_]+)");
        for (String service : Project.SERVICES) {
            environment(overlay, Rendered.container(Rendered.get(overlay, "Deployment", service))).forEach((k, v) -> {
                Matcher m = name.matcher(v);
                if (k.endsWith("_JDBC_URL") && m.find()) {
                    assertTrue(databases.add(m.group(1)), "database " + m.group(1) + " is shared (each service owns its own)");
                }
            });
        }
        assertEquals(5, databases.size(), "four service databases and the destination: " + databases);
        if (overlay.equals("dev")) {
            JsonNode job = Rendered.get("dev", "Job", "sqlserver-create-databases");
            String created = environment("dev", Rendered.container((ObjectNode) job)).get("DATABASES");
            assertEquals(new TreeSet<>(databases), new TreeSet<>(List.of(created.substring("value ".length()).split(" "))));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void secretsResolveInDevAndAreDocumentedForProduction(String overlay, String service) throws IOException {
        JsonNode deployment = Rendered.get(overlay, "Deployment", service);
        String readme = Files.readString(Project.deploy().resolve("README.md"));
        List<String> refs = new ArrayList<>();
        deployment.findValues("secretKeyRef").forEach(r -> refs.add(r.path("name").asText() + "/" + r.path("key").asText()));
        deployment.findValues("secret").forEach(s -> refs.add(s.path("secretName").asText() + "/*" + (s.path("optional").asBoolean() ? "?" : "")));
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            String secret = ref.substring(0, ref.indexOf('/'));
            String key = ref.substring(ref.indexOf('/') + 1);
            if (overlay.equals("dev") && !key.endsWith("?")) {
                JsonNode s = Rendered.find("dev", "Secret", secret).orElseThrow(() -> new AssertionError("dev renders no Secret " + secret));
                assertTrue(key.equals("*") || s.path("data").has(key), "Secret " + secret + " has no key " + key);
            }
            if (overlay.equals("production")) {
                assertTrue(readme.contains("`" + secret + "`"), "deploy/README.md must tell operators to create Secret " + secret);
                if (!key.startsWith("*")) {
                    assertTrue(readme.contains("`" + key + "`"), "deploy/README.md must name key " + key + " of Secret " + secret);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void imageIsTheOneItsDockerfileBuilds(String overlay, String service) {
        String image = Rendered.container(Rendered.get(overlay, "Deployment", service)).path("image").asText();
        assertTrue(image.matches("([a-z0-9.-]+(:[0-9]+)?/)?cm-migration/" + service + ":[A-Za-z0-9._-]+"), image);
        assertTrue(Files.isRegularFile(Project.dockerfile(service)), "no Dockerfile builds " + image);
    }
}
