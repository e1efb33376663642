package io.cmmigration.monitoring.rebuild;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.events.EventCodec.MalformedEventException;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.monitoring.live.LiveUpdates;
import io.cmmigration.monitoring.projection.domain.ProjectionService;
import io.cmmigration.monitoring.projection.domain.ProjectionService.Received;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rebuilds the projections from the topics: empties them (and this service's inbox), then reads every partition of
 * the five status topics from the beginning up to the end offsets seen at the start, applying events in batches.
 * Live consumers keep running meanwhile; what they apply is deduplicated by the inbox and ordered by occurredAt, so
 * it does not matter which path applies an event first. The history table is kept (it may hold events the topics no
 * longer retain) and gets any event it lacks.
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);
    static final List<Topic> STATUS_TOPICS = List.of(Topic.HIERARCHY, Topic.GATHERING_STATUS, Topic.JOB_STATUS, Topic.CATALOGUE_STATUS,
            Topic.DP_STATUS);

    public enum State {
        IDLE, RUNNING, DONE, FAILED
    }

    /**
     * {@code malformedSkipped}: records that are not events of their topic; {@code failedSkipped}: well-formed events the
     * projections cannot take (the live consumer dead-lettered them too). Both are skipped, the rebuild goes on.
     */
    public record Status(State state, String requestedBy, Instant startedAt, Instant finishedAt, long eventsReplayed,
            long malformedSkipped, long failedSkipped, String error) {
    }

    @Inject
    ProjectionService projections;

    @Inject
    LiveUpdates live;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "cmm.monitoring.rebuild-batch", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "cmm.monitoring.apply-attempts", defaultValue = "3")
    int attempts;

    private final AtomicReference<Status> status = new AtomicReference<>(new Status(State.IDLE, null, null, null, 0, 0, 0, null));
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "projection-rebuild");
        t.setDaemon(true);
        return t;
    });

    public Status status() {
        return status.get();
    }

    /** Starts a rebuild in the background; 409 while one runs. */
    public Status start(String requestedBy) {
        Status current = status.get();
        Status started = new Status(State.RUNNING, requestedBy, Instant.now(), null, 0, 0, 0, null);
        if (current.state() == State.RUNNING || !status.compareAndSet(current, started)) {
            throw ProblemException.conflict("A rebuild is already running (started " + current.startedAt() + ")");
        }
        worker.execute(() -> run(started));
        return started;
    }

    private void run(Status started) {
        long replayed = 0;
        long malformed = 0;
        long failed = 0;
        try {
            projections.exclusively(() -> QuarkusTransaction.requiringNew().run(projections::deleteProjections));
            live.refreshAll("rebuild started");
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "monitoring-service-rebuild");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                Map<TopicPartition, Topic> partitions = new HashMap<>();
                for (Topic t : STATUS_TOPICS) {
                    for (PartitionInfo p : consumer.partitionsFor(t.topicName(), Duration.ofSeconds(30))) {
                        partitions.put(new TopicPartition(p.topic(), p.partition()), t);
                    }
                }
                consumer.assign(partitions.keySet());
                consumer.seekToBeginning(partitions.keySet());
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions.keySet(), Duration.ofSeconds(30));
                Instant lastProgress = Instant.now();
                while (!caughtUp(consumer, end)) {
                    List<Received> batch = new ArrayList<>();
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (r.offset() >= end.get(tp)) {
                            continue; // arrived after the rebuild started: the live consumer applies it
                        }
                        try {
                            batch.add(ProjectionService.decode(partitions.get(tp), r.value()));
                        } catch (MalformedEventException e) {
                            malformed++; // already sent to the dead-letter topic when it first arrived
                        }
                    }
                    if (!batch.isEmpty()) {
                        // a poll may hold hundreds of chunk events of 1,000 objects each: one transaction per batch weight
                        for (List<Received> part : ProjectionService.byWeight(batch, batchSize)) {
                            failed += applyBatch(part);
                        }
                        replayed += batch.size();
                        lastProgress = Instant.now();
                        status.set(new Status(State.RUNNING, started.requestedBy(), started.startedAt(), null, replayed, malformed, failed,
                                null));
                    } else if (Duration.between(lastProgress, Instant.now()).toSeconds() > 120) {
                        throw new IllegalStateException("no progress reading the topics for 2 minutes");
                    }
                }
            }
            status.set(new Status(State.DONE, started.requestedBy(), started.startedAt(), Instant.now(), replayed, malformed, failed,
                    null));
            LOG.infof("projections rebuilt from %d events (%d malformed and %d failing skipped)", replayed, malformed, failed);
        } catch (RuntimeException e) {
            LOG.error("rebuild failed", e);
            status.set(new Status(State.FAILED, started.requestedBy(), started.startedAt(), Instant.now(), replayed, malformed, failed,
                    e.getMessage()));
        } finally {
            live.refreshAll("rebuild finished");
        }
    }

    /**
     * Applies a batch in one transaction; if that fails, applies its events one per transaction (each tried
     * apply-attempts times, as live) and skips those that still fail - the live consumer dead-lettered them, and one
     * such event must not make a rebuild impossible. Returns how many were skipped.
     */
    private long applyBatch(List<Received> batch) {
        try {
            live.changed(projections.apply(batch, false));
            return 0;
        } catch (RuntimeException e) {
            LOG.warnf("a replayed batch of %d events failed (%s); applying them one at a time", batch.size(), e.toString());
        }
        long skipped = 0;
        for (Received r : batch) {
            for (int attempt = 1;; attempt++) {
                try {
                    live.changed(projections.apply(List.of(r), false));
                    break;
                } catch (RuntimeException e) {
                    if (attempt >= attempts) {
                        LOG.errorf("replayed event %s on %s cannot be applied and is skipped: %s", r.event().eventId(),
                                r.topic().topicName(), e.toString());
                        skipped++;
                        break;
                    }
                    sleep(200L * attempt);
                }
            }
        }
        return skipped;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rebuild interrupted", e);
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    void stop(@Observes ShutdownEvent ev) {
        worker.shutdownNow();
    }
}
