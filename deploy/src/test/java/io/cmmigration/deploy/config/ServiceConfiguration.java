package io.cmmigration.deploy.config;

import io.cmmigration.deploy.Project;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service reads from its configuration, taken from the files the service is built with: its
 * {@code src/main/resources/application.properties} and service-common's
 * {@code META-INF/microprofile-config.properties}. Used to decide whether an environment variable handed to the
 * service (by docker-compose or Kubernetes) is one the service will actually read, the way Quarkus maps environment
 * variables: a variable referenced in a value ({@code ${HTTP_PORT:8081}}), or the environment form of a configuration
 * key ({@code cmm.job.workers} -> {@code CMM_JOB_WORKERS}).
 */
public final class ServiceConfiguration {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:([^}]*))?}");
    private static final Pattern NAMED_DATASOURCE = Pattern.compile("quarkus\\.datasource\\.([A-Za-z0-9_-]+)\\.db-kind");
    /** Environment variables read by the container image rather than by the application. */
    public static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO");

    private final String service;
    /** Keys as the service sees them in the prod profile, with their raw values. */
    private final Map<String, String> prodKeys = new LinkedHashMap<>();
    private final Set<String> allKeys = new TreeSet<>();
    private final Map<String, String> referencedVariables = new LinkedHashMap<>();
    private final Set<String> datasources = new LinkedHashSet<>();

    private ServiceConfiguration(String service) {
        this.service = service;
        load(Project.root().resolve("service-common/src/main/resources/META-INF/microprofile-config.properties"));
        load(Project.root().resolve(service).resolve("src/main/resources/application.properties"));
        datasources.add("<default>");
        for (String key : allKeys) {
            Matcher m = NAMED_DATASOURCE.matcher(key);
            if (m.matches()) {
                datasources.add(m.group(1));
            }
        }
    }

    public static ServiceConfiguration of(String service) {
        return new ServiceConfiguration(service);
    }

    private void load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String raw : p.stringPropertyNames()) {
            String value = p.getProperty(raw);
            boolean profiled = raw.startsWith("%");
            String key = profiled ? raw.substring(raw.indexOf('.') + 1) : raw;
            allKeys.add(key);
            if (!profiled) {
                prodKeys.put(key, value);
            }
            Matcher m = ENV_REFERENCE.matcher(value);
            while (m.find()) {
                if (!profiled || !referencedVariables.containsKey(m.group(1))) {
                    // No default at all counts as an empty default: the service cannot start without the variable.
                    referencedVariables.put(m.group(1), profiled ? "(profile only)" : m.group(3) == null ? "" : m.group(3));
                }
            }
        }
    }

    public String service() {
        return service;
    }

    /** Names of the service's datasources: {@code <default>} and every named one (job-service: destination). */
    public Set<String> datasources() {
        return datasources;
    }

    /** The HTTP port the service listens on when HTTP_PORT is not set (the default in quarkus.http.port). */
    public int defaultPort() {
        String v = prodKeys.get("quarkus.http.port");
        if (v == null) {
            throw new IllegalStateException(service + " does not set quarkus.http.port");
        }
        Matcher m = ENV_REFERENCE.matcher(v);
        return Integer.parseInt(m.matches() ? m.group(3) : v.trim());
    }

    /** Configuration keys the platform relies on that come from Quarkus extensions rather than from the files. */
    private Set<String> extensionKeys() {
        Set<String> keys = new TreeSet<>(List.of("quarkus.http.port", "kafka.bootstrap.servers", "quarkus.log.level",
                "quarkus.profile"));
        for (String ds : datasources) {
            String prefix = ds.equals("<default>") ? "quarkus.datasource." : "quarkus.datasource." + ds + ".";
            keys.add(prefix + "jdbc.url");
            keys.add(prefix + "username");
            keys.add(prefix + "password");
        }
        return keys;
    }

    /** Quarkus' environment-variable form of a configuration key. */
    public static String environmentName(String key) {
        StringBuilder sb = new StringBuilder();
        for (char c : key.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** The configuration key (or value reference) through which the service reads this variable, or null if it does not. */
    public String keyReadBy(String variable) {
        if (referencedVariables.containsKey(variable)) {
            return "${" + variable + "}";
        }
        if (IMAGE_VARIABLES.contains(variable)) {
            return "(container image)";
        }
        for (String key : allKeys) {
            if (environmentName(key).equals(variable)) {
                return key;
            }
        }
        for (String key : extensionKeys()) {
            if (environmentName(key).equals(variable)) {
                return key;
            }
        }
        return null;
    }

    /**
     * Variables a production deployment must set: the datasource connection of every datasource, the broker, and every
     * variable that a prod-profile value references with an empty default ({@code cmm.secrets.key=${CMM_SECRETS_KEY:}}).
     */
    public Set<String> requiredVariables() {
        Set<String> required = new TreeSet<>();
        required.add("KAFKA_BOOTSTRAP_SERVERS");
        for (String ds : datasources) {
            String prefix = ds.equals("<default>") ? "QUARKUS_DATASOURCE_" : "QUARKUS_DATASOURCE_" + environmentName(ds) + "_";
            required.add(prefix + "JDBC_URL");
            required.add(prefix + "USERNAME");
            required.add(prefix + "PASSWORD");
        }
        referencedVariables.forEach((variable, defaultValue) -> {
            if (defaultValue != null && defaultValue.isEmpty()) {
                required.add(variable);
            }
        });
        return required;
    }
}
