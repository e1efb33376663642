package io.cmmigration.gathering.run;

import io.cmmigration.events.EventCodec;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a topic of the test broker from the beginning, as a downstream service would see it. */
final class TopicRecords implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<MigrationEvent> events = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();

    TopicRecords(Topic topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "gathering-test-" + UUID.randomUUID(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic.topicName()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Everything published so far (polls until the topic is drained). */
    synchronized <T extends MigrationEvent> List<T> all(Class<T> type, Predicate<T> filter) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.currentTimeMillis() + 60_000;
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("topic not readable to its end within 60 s");
            }
            var records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> r : records) {
                MigrationEvent e = EventCodec.decode(r.value());
                if (!r.key().equals(e.key())) {
                    throw new AssertionError("record key " + r.key() + " is not the event key " + e.key());
                }
                events.add(e);
                keys.add(r.key());
            }
        }
        return events.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
