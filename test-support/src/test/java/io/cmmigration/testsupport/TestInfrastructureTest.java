package io.cmmigration.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.db.TestDatabases;
import io.cmmigration.testsupport.kafka.TestKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestInfrastructureTest {

    @Test
    void brokerIsRealAndHasTheRegistryTopics() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        assertFalse(bootstrap.endsWith(":9092"), "tests must never use a default broker on 9092: " + bootstrap);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topic.SOURCE_OBJECTS.topicName(), Topic.JOB_STATUS.topicName()))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(Topic.SOURCE_OBJECTS.partitions(), topics.get(Topic.SOURCE_OBJECTS.topicName()).partitions().size());
            ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, Topic.SOURCE_OBJECTS.topicName());
            Config cfg = admin.describeConfigs(Set.of(res)).all().get(30, TimeUnit.SECONDS).get(res);
            assertEquals("compact", cfg.get("cleanup.policy").value());
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>("test.roundtrip", "k", "hello")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", "t",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("test.roundtrip"));
            long deadline = System.currentTimeMillis() + 30000;
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                records = c.poll(Duration.ofMillis(500));
            }
            assertEquals("hello", records.iterator().next().value());
        }
    }

    @Test
    void eachRunGetsItsOwnDatabaseOnTheRealServer() throws Exception {
        String db = TestDatabases.create("infra");
        try (Connection c = TestDatabases.connect(db); ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), version()")) {
            assertTrue(rs.next());
            assertEquals(db, rs.getString(1));
            assertTrue(rs.getString(2).startsWith("PostgreSQL"));
        } finally {
            TestDatabases.drop(db);
        }
        try (Connection c = TestDatabases.connect("postgres");
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "database must be dropped");
        }
    }
}
