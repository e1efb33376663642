package io.cmmigration.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.deploy.config.ServiceConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's JVM image: the production fast-jar, its own port, a non-root user. */
class DockerfileTest {

    static List<String> services() {
        return Project.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void imageRunsTheProductionBuildOnTheServicePortAsNonRoot(String service) throws IOException {
        String dockerfile = Files.readString(Project.dockerfile(service));
        int port = ServiceConfiguration.of(service).defaultPort();
        assertTrue(dockerfile.contains("\nFROM registry.access.redhat.com/ubi9/openjdk-17-runtime:"), "Java 17 UBI runtime base");
        for (String part : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertTrue(dockerfile.contains("COPY --chown=185 target/quarkus-app/" + part), service + " copies target/quarkus-app/" + part
                    + " (the production build, not quarkus-app-local)");
        }
        assertTrue(dockerfile.contains("\nEXPOSE " + port + "\n"), service + " exposes " + port);
        assertTrue(dockerfile.contains("\nENV HTTP_PORT=" + port + "\n"), service + " listens on " + port);
        assertTrue(dockerfile.contains("\nUSER 185\n"), "non-root user");
        assertTrue(dockerfile.contains("JAVA_OPTS_APPEND") && dockerfile.contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\""));
    }
}
