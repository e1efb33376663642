package io.cmmigration.gathering.run;

import io.cmmigration.events.EventCodec;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.topics.Topic;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes gathered objects and distribution points straight to Kafka (not through the outbox: a first gathering is
 * hundreds of thousands of events). Idempotent producer, acks=all, batching, compression. A run sends through a
 * {@link Delivery} that records every acknowledgement; the run commits its state only when {@link Delivery#awaitAll()}
 * saw every send acknowledged.
 */
@ApplicationScoped
public class ObjectPublisher {

    private static final Logger LOG = Logger.getLogger(ObjectPublisher.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "cmm.gathering.producer.linger-ms", defaultValue = "10")
    int lingerMs;

    @ConfigProperty(name = "cmm.gathering.producer.batch-size", defaultValue = "262144")
    int batchSize;

    private volatile KafkaProducer<String, byte[]> producer;
    private volatile String compression;

    /** Starts tracking the sends of one run. */
    public Delivery delivery() {
        return new Delivery(producer());
    }

    public String compression() {
        producer();
        return compression;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    compression = available("net.jpountz.lz4.LZ4Factory") ? "lz4" : available("com.github.luben.zstd.Zstd") ? "zstd" : "none";
                    Map<String, Object> cfg = new HashMap<>();
                    cfg.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    cfg.put(ProducerConfig.ACKS_CONFIG, "all");
                    cfg.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    cfg.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
                    cfg.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
                    cfg.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
                    cfg.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
                    cfg.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
                    cfg.put(ProducerConfig.CLIENT_ID_CONFIG, "gathering-service-objects");
                    producer = new KafkaProducer<>(cfg, new StringSerializer(), new ByteArraySerializer());
                    LOG.infof("gathered-object producer ready (compression %s)", compression);
                }
            }
        }
        return producer;
    }

    private static boolean available(String className) {
        try {
            Class.forName(className, false, ObjectPublisher.class.getClassLoader());
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** The sends of one run and their acknowledgements. */
    public static final class Delivery {
        private final KafkaProducer<String, byte[]> producer;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Delivery(KafkaProducer<String, byte[]> producer) {
            this.producer = producer;
        }

        public void send(MigrationEvent event) {
            send(Topic.of(event.getClass()).topicName(), event.key(), event.eventId().toString(), EventCodec.encode(event).getBytes(StandardCharsets.UTF_8));
        }

        /** Sends an event already encoded (the reader encodes each object once, see ObjectJson). */
        public void send(String topic, String key, String eventId, byte[] value) {
            Exception f = failure.get();
            if (f != null) {
                throw new PublishFailedException("publishing to Kafka failed: " + f.getMessage(), f);
            }
            ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, key, value);
            rec.headers().add(new RecordHeader("eventId", eventId.getBytes(StandardCharsets.UTF_8)));
            sent.incrementAndGet();
            try {
                producer.send(rec, (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                throw new PublishFailedException("publishing to Kafka failed: " + e.getMessage(), e);
            }
        }

        /** Blocks until every send of this run is acknowledged; throws if any was not. */
        public void awaitAll() {
            producer.flush();
            Exception f = failure.get();
            if (f != null) {
                throw new PublishFailedException("publishing to Kafka failed: " + f.getMessage(), f);
            }
            if (acknowledged.get() != sent.get()) {
                throw new PublishFailedException("only " + acknowledged.get() + " of " + sent.get() + " events were acknowledged", null);
            }
        }

        public long sent() {
            return sent.get();
        }
    }

    public static class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
