package io.cmmigration.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cmmigration.deploy.config.ServiceConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-compose.yml cannot run here (no Docker engine), so its structure is checked: the services build from
 * Dockerfiles that exist, get exactly the variables their configuration reads, agree on ports and health checks, start
 * in the right order, and the topics and databases it creates are the ones the services use.
 */
class DockerComposeStructureTest {

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?-([^}]*))?}");
    static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(Project.root().resolve("docker-compose.yml").toFile()).path("services");
    }

    /** A value as compose sees it when no variable is set: ${X:-default} becomes default. */
    static String interpolated(JsonNode value) {
        Matcher m = INTERPOLATION.matcher(value.asText());
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(3) == null ? "" : m.group(3)));
        }
        return m.appendTail(sb).toString();
    }

    static Map<String, String> environment(String service) {
        Map<String, String> env = new TreeMap<>();
        JsonNode e = services.path(service).path("environment");
        assertTrue(e.isObject(), service + ": environment as a mapping");
        e.fields().forEachRemaining(f -> env.put(f.getKey(), interpolated(f.getValue())));
        return env;
    }

    static List<String> platformServices() {
        return Project.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("platformServices")
    void serviceIsBuiltFromItsDockerfileAndWiredByEnvironmentOnly(String service) {
        JsonNode s = services.path(service);
        Path context = Project.root().resolve(s.path("build").path("context").asText());
        assertEquals(Project.root().resolve(service).normalize(), context.normalize());
        assertTrue(Files.isRegularFile(context.resolve(s.path("build").path("dockerfile").asText())), service + "'s Dockerfile exists");
        assertFalse(s.has("volumes") || s.has("env_file") || s.has("configs") || s.has("command"),
                service + " is configured by environment variables only");
        ServiceConfiguration config = ServiceConfiguration.of(service);
        Map<String, String> env = environment(service);
        List<String> unread = new ArrayList<>();
        env.keySet().forEach(v -> {
            if (config.keyReadBy(v) == null) {
                unread.add(v);
            }
        });
        assertTrue(unread.isEmpty(), service + " reads no configuration key for " + unread);
        Set<String> missing = new TreeSet<>(config.requiredVariables());
        missing.removeAll(env.keySet());
        assertTrue(missing.isEmpty(), service + " needs " + missing);
        for (String ds : config.datasources()) {
            String v = ds.equals("<default>") ? "QUARKUS_DATASOURCE_JDBC_URL" : "QUARKUS_DATASOURCE_" + ServiceConfiguration.environmentName(ds) + "_JDBC_URL";
            assertTrue(env.get(v).startsWith("jdbc:sqlserver://sqlserver:1433;"), service + " " + v + " points at the sqlserver container");
        }
        assertEquals("kafka:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @ParameterizedTest
    @MethodSource("platformServices")
    void portAndHealthCheckAgreeWithTheService(String service) {
        int port = ServiceConfiguration.of(service).defaultPort();
        JsonNode s = services.path(service);
        assertEquals(String.valueOf(port), environment(service).get("HTTP_PORT"));
        assertEquals(port + ":" + port, s.path("ports").path(0).asText());
        String check = s.path("healthcheck").path("test").toString();
        assertTrue(check.contains("/q/health/ready") && check.contains("/" + port + " "), service + " health check: " + check);
        assertTrue(s.path("healthcheck").path("start_period").asText().matches("\\d+s"), "a start period covers Liquibase at start");
    }

    @Test
    void startOrderWaitsForHealthyDependenciesAndCompletedOneShotJobs() {
        Set<String> oneShot = new TreeSet<>();
        services.fields().forEachRemaining(e -> {
            if (e.getValue().path("restart").asText().equals("no")) {
                oneShot.add(e.getKey());
            }
        });
        assertEquals(Set.of("kafka-topics", "sqlserver-databases", "source-seed"), oneShot);
        services.fields().forEachRemaining(e -> e.getValue().path("depends_on").fields().forEachRemaining(d -> {
            String condition = d.getValue().path("condition").asText();
            assertTrue(services.has(d.getKey()), e.getKey() + " depends on unknown " + d.getKey());
            if (oneShot.contains(d.getKey())) {
                assertEquals("service_completed_successfully", condition, e.getKey() + " -> " + d.getKey());
            } else {
                assertEquals("service_healthy", condition, e.getKey() + " -> " + d.getKey());
                assertTrue(services.path(d.getKey()).has("healthcheck"), d.getKey() + " needs a health check to be waited for");
            }
        }));
        for (String service : Project.SERVICES) {
            Set<String> deps = new TreeSet<>();
            services.path(service).path("depends_on").fieldNames().forEachRemaining(deps::add);
            assertEquals(Set.of("kafka-topics", "sqlserver-databases"), deps, service + " starts after the topics and its database exist");
        }
    }

    @Test
    void kafkaIsASingleKraftNodeAndTheTopicJobCreatesTheRegistry() {
        Map<String, String> kafka = environment("kafka");
        assertEquals("apache/kafka:4.1.2", services.path("kafka").path("image").asText());
        assertEquals("broker,controller", kafka.get("KAFKA_PROCESS_ROLES"));
        assertEquals("false", kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
        assertTrue(kafka.get("KAFKA_ADVERTISED_LISTENERS").contains("kafka:9092"));
        Map<String, String> created = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*create (\\S+) (\\d+) (compact|delete)\\s*$").matcher(services.path("kafka-topics").path("command").path(0).asText());
        while (m.find()) {
            created.put(m.group(1), "partitions=" + m.group(2) + " cleanup.policy=" + m.group(3));
        }
        assertEquals(TopicRegistryConsistencyTest.registry(), created);
    }

    @Test
    void sqlServerAcceptsTheEulaHasAHealthCheckAndTheJobCreatesEveryDatabaseTheServicesUse() {
        JsonNode sql = services.path("sqlserver");
        assertTrue(sql.path("image").asText().startsWith("mcr.microsoft.com/mssql/server:2022"));
        Map<String, String> env = environment("sqlserver");
        assertEquals("Y", env.get("ACCEPT_EULA"));
        assertFalse(env.get("MSSQL_SA_PASSWORD").isBlank());
        assertTrue(sql.path("healthcheck").path("test").toString().contains("sqlcmd"));
        Set<String> used = new TreeSet<>();
        Pattern db = Pattern.compile("databaseName=([A-Za-z0-9_]+)");
        for (String service : Project.SERVICES) {
            environment(service).forEach((k, v) -> {
                Matcher m = db.matcher(v);
                if (m.find()) {
                    assertTrue(used.add(m.group(1)), m.group(1) + " is used twice");
                }
                if (k.endsWith("PASSWORD") && k.startsWith("QUARKUS_DATASOURCE")) {
                    assertEquals(env.get("MSSQL_SA_PASSWORD"), v, service + " " + k + " is the sa password of the sqlserver container");
                }
            });
        }
        assertEquals(used, new TreeSet<>(List.of(environment("sqlserver-databases").get("DATABASES").split(" "))));
    }

    @Test
    void theSourceSeedImageBuildsFromThisModule() {
        JsonNode seed = services.path("source-seed");
        Path context = Project.root().resolve(seed.path("build").path("context").asText()).normalize();
        assertEquals(Project.deploy().normalize(), context);
        assertTrue(Files.isRegularFile(context.resolve(seed.path("build").path("dockerfile").asText())));
        assertEquals("jdbc:postgresql://source-db:5432/postgres", environment("source-seed").get("SOURCE_DB_ADMIN_URL"));
        assertEquals(environment("source-db").get("POSTGRES_PASSWORD"), environment("source-seed").get("SOURCE_DB_PASSWORD"));
    }
}
