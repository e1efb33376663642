package io.cmmigration.testsupport.kafka;

import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a container (KRaft, apache/kafka image), used only where a Docker engine is available. */
final class ContainerBroker {

    private static KafkaContainer container;

    private ContainerBroker() {
    }

    static synchronized String start() {
        container = new KafkaContainer("apache/kafka:4.1.2");
        container.start();
        return container.getBootstrapServers();
    }

    static synchronized void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }
}
