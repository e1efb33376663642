package io.cmmigration.testsupport.kafka;

import io.cmmigration.events.topics.Topic;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One real Kafka broker per test JVM, shared by every test class that asks for it. A Testcontainers broker where a
 * Docker engine answers (checked in well under a second, never failing the build when none does), otherwise an
 * in-process Apache Kafka broker in KRaft mode on free ports. Topics of the registry are created up front with their
 * partition counts and compaction, as the deploy manifests create them.
 */
public final class TestKafka {

    private static final Logger LOG = Logger.getLogger(TestKafka.class.getName());
    private static String bootstrapServers;
    private static AutoCloseable running;

    private TestKafka() {
    }

    /** Starts the broker on first use and returns its bootstrap servers. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            quietenBrokerLogs();
            long start = System.nanoTime();
            String kind;
            if (DockerDetection.dockerAvailable()) {
                kind = "Testcontainers";
                bootstrapServers = ContainerBroker.start();
            } else {
                kind = "in-process KRaft";
                EmbeddedKafkaBroker broker = startEmbedded(freePort(), freePort(), null);
                running = broker;
                bootstrapServers = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
            }
            createRegistryTopics(bootstrapServers);
            LOG.info(() -> String.format("Kafka broker (%s) at %s ready in %d ms", kind, bootstrapServers,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-stop"));
        }
        return bootstrapServers;
    }

    /** Starts an in-process KRaft broker; {@code logDir} null means a fresh temporary directory deleted on close. */
    public static EmbeddedKafkaBroker startEmbedded(int kafkaPort, int controllerPort, Path logDir) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withKafkaHost("127.0.0.1")
                .withDeleteLogDirsOnClose(logDir == null)
                .withAdditionalProperties(p -> {
                    p.put("auto.create.topics.enable", "true");
                    p.put("num.partitions", "3");
                    p.put("offsets.topic.replication.factor", "1");
                    p.put("transaction.state.log.replication.factor", "1");
                    p.put("transaction.state.log.min.isr", "1");
                    p.put("group.initial.rebalance.delay.ms", "0");
                    p.put("log.cleaner.enable", "true");
                    if (logDir != null) {
                        p.put("log.dirs", logDir.toString());
                    }
                });
        if (logDir != null) {
            broker.withClusterId("cm-migration-local-0001");
        }
        return broker.start();
    }

    /** Creates every topic of the registry that does not exist yet. */
    public static void createRegistryTopics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> topics = new ArrayList<>();
            for (Topic t : Topic.values()) {
                if (!existing.contains(t.topicName())) {
                    NewTopic nt = new NewTopic(t.topicName(), t.partitions(), (short) 1);
                    if (t.compacted()) {
                        nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    topics.add(nt);
                }
            }
            if (!topics.isEmpty()) {
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + bootstrap, e);
        }
    }

    public static synchronized void stop() {
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                LOG.warning("broker close failed: " + e);
            }
            running = null;
        }
        ContainerBroker.stop();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The embedded broker logs ~1,300 lines per start at INFO; keep WARN and above. */
    private static void quietenBrokerLogs() {
        for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper")) {
            java.util.logging.Logger.getLogger(name).setLevel(java.util.logging.Level.WARNING);
        }
    }
}
