package io.cmmigration.testsupport.kafka;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A real Apache Kafka broker (KRaft, combined broker+controller) as its own process, for the local run and the system
 * tests: {@code java -cp ... StandaloneBroker <kafkaPort> <controllerPort> <logDir>}. Keeps its data in logDir so a
 * restarted broker (system tests' broker-restart drill) comes back with its topics and offsets. Prints
 * {@code BROKER READY <bootstrap>} once topics exist.
 */
public final class StandaloneBroker {

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws Exception {
        int kafkaPort = args.length > 0 ? Integer.parseInt(args[0]) : 9092;
        int controllerPort = args.length > 1 ? Integer.parseInt(args[1]) : 9093;
        Path logDir = Path.of(args.length > 2 ? args[2] : "target/kafka-data");
        Files.createDirectories(logDir);
        EmbeddedKafkaBroker broker = TestKafka.startEmbedded(kafkaPort, controllerPort, logDir.toAbsolutePath());
        String bootstrap = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
        TestKafka.createRegistryTopics(bootstrap);
        System.out.println("BROKER READY " + bootstrap);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
