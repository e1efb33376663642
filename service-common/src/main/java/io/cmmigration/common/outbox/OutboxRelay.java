package io.cmmigration.common.outbox;

import io.cmmigration.common.lease.LeaseService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows in id order, in batches, and deletes them once the broker acknowledged them (at-least-once;
 * consumers deduplicate on eventId). One replica relays at a time (lease), so per-key order holds across replicas.
 * Runs every second and right after a transaction that added events commits.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 1000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "service")
    String serviceName;

    @Inject
    EntityManager em;

    @Inject
    LeaseService leases;

    @Inject
    TransactionSynchronizationRegistry txRegistry;

    @Inject
    MeterRegistry metrics;

    private final AtomicBoolean running = new AtomicBoolean();
    /** Single thread; a wake-up while a relay pass runs is absorbed by the pass (it loops until the outbox is empty). */
    private final java.util.concurrent.ExecutorService wakeUps = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaProducer<String, String> producer;

    void wakeUpAfterCommit() {
        Object key = OutboxRelay.class;
        if (txRegistry.getResource(key) == null) {
            txRegistry.putResource(key, Boolean.TRUE);
            txRegistry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        wakeUps.execute(OutboxRelay.this::relayQuietly);
                    }
                }
            });
        }
    }

    @Scheduled(every = "${cmm.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        relayQuietly();
    }

    private void relayQuietly() {
        try {
            relayAll();
        } catch (Exception e) {
            LOG.warnf("outbox relay failed, will retry: %s", e.toString());
        }
    }

    /** Publishes everything in the outbox; returns how many events were published. */
    public int relayAll() throws Exception {
        if (!running.compareAndSet(false, true)) {
            return 0;
        }
        try {
            if (!leases.tryAcquire("outbox-relay:" + serviceName, Duration.ofSeconds(15))) {
                return 0;
            }
            int total = 0;
            while (true) {
                List<OutboxEvent> batch = QuarkusTransaction.requiringNew().call(() -> em
                        .createQuery("from OutboxEvent order by id", OutboxEvent.class).setMaxResults(BATCH).getResultList());
                if (batch.isEmpty()) {
                    return total;
                }
                List<Future<?>> acks = new ArrayList<>(batch.size());
                for (OutboxEvent e : batch) {
                    ProducerRecord<String, String> rec = new ProducerRecord<>(e.topic, e.eventKey, e.payload);
                    rec.headers().add(new RecordHeader("eventId", e.eventId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    acks.add(producer().send(rec));
                }
                for (Future<?> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                List<Long> ids = batch.stream().map(e -> e.id).toList();
                QuarkusTransaction.requiringNew().run(() -> em.createQuery("delete from OutboxEvent where id in :ids")
                        .setParameter("ids", ids).executeUpdate());
                total += batch.size();
                metrics.counter("cmm_outbox_published_total", "service", serviceName).increment(batch.size());
            }
        } finally {
            running.set(false);
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.LINGER_MS_CONFIG, 2,
                            ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-outbox"),
                            new StringSerializer(), new StringSerializer());
                }
            }
        }
        return producer;
    }

    void onStop(@Observes ShutdownEvent ev) {
        wakeUps.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
