package io.cmmigration.dpshare.support;

import io.cmmigration.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning in the background, as a downstream service would, and keeps every record. */
public final class TopicWatcher implements AutoCloseable {

    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicWatcher(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-watcher-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
            }
        }, "watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    public List<ConsumerRecord<String, String>> records() {
        return records;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
