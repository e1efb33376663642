package io.cmmigration.testsupport.kafka;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Answers quickly whether a Docker engine can run a Kafka container. Without a socket or DOCKER_HOST there is no point
 * asking Testcontainers (which logs an error block); with one, Testcontainers decides. Never throws. Setting
 * {@code -Dcmm.kafka.docker=false} forces the in-process broker.
 */
final class DockerDetection {

    private DockerDetection() {
    }

    static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(System.getProperty("cmm.kafka.docker", ""))) {
            return false;
        }
        boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
        if (!socket) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
