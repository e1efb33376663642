package io.cmmigration.monitoring.projection.messaging;

import io.cmmigration.events.topics.Topic;
import io.cmmigration.monitoring.live.LiveUpdates;
import io.cmmigration.monitoring.metrics.MonitoringMetrics;
import io.cmmigration.monitoring.projection.domain.Change;
import io.cmmigration.monitoring.projection.domain.ProjectionService;
import io.cmmigration.monitoring.projection.domain.ProjectionService.Received;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One channel per status topic, applied in micro-batches.
 * <p>
 * Each record is decoded on its own as it arrives; one that is not a well-formed event of its topic is nacked at once,
 * alone, and the channel's dead-letter-queue failure strategy sends it to {@code migration.dead-letter} with the reason
 * header, while the records around it go on. Well-formed records are queued to the channel's {@link MicroBatcher},
 * whose single thread applies up to {@code apply-batch} events (a job's chunk of object statuses counting as one per
 * object; or what arrived within {@code apply-linger-ms}) in one transaction and acknowledges them only after the commit (at-least-once; a crash before the commit means redelivery,
 * which the inbox makes harmless). If a batch fails, it is rolled back and its events are applied again one per
 * transaction with the former rule (retried {@code apply-attempts} times on database errors), so only an event that
 * cannot be applied goes to the dead-letter topic and the others are applied.
 * <p>
 * Why {@code Message} with manual acknowledgement and not {@code batch=true} channels: a batch channel hands over one
 * message per poll and acknowledges it as a whole; nacking single records of it is not how that API is meant to be
 * used, and a poll's size is the broker's choice, not ours. Per-record messages keep the dead-letter behaviour exactly
 * as it was (same nack, same failure handler, same headers), and batch size and latency stay under our control.
 */
@ApplicationScoped
public class StatusEventConsumers {

    private static final Logger LOG = Logger.getLogger(StatusEventConsumers.class);

    /** A decoded record waiting in a batch, with the message to acknowledge or dead-letter once it is settled. */
    record Pending(Message<String> message, Received received) {
    }

    @Inject
    ProjectionService projections;

    @Inject
    LiveUpdates live;

    @Inject
    MonitoringMetrics metrics;

    @ConfigProperty(name = "cmm.monitoring.apply-attempts", defaultValue = "3")
    int attempts;

    @ConfigProperty(name = "cmm.monitoring.apply-batch", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "cmm.monitoring.apply-linger-ms", defaultValue = "50")
    long lingerMs;

    private final Map<Topic, MicroBatcher<Pending>> batchers = new EnumMap<>(Topic.class);

    @PostConstruct
    void start() {
        for (Topic topic : List.of(Topic.HIERARCHY, Topic.GATHERING_STATUS, Topic.JOB_STATUS, Topic.CATALOGUE_STATUS, Topic.DP_STATUS)) {
            batchers.put(topic, new MicroBatcher<>(topic.topicName(), Math.max(1, batchSize), Duration.ofMillis(Math.max(0, lingerMs)),
                    p -> ProjectionService.weight(p.received().event()), batch -> applyBatch(topic, batch)));
        }
    }

    @PreDestroy
    void stop() {
        batchers.values().forEach(b -> b.stop(Duration.ofSeconds(10)));
    }

    @Incoming("hierarchy")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onHierarchy(Message<String> record) {
        return receive(Topic.HIERARCHY, record);
    }

    @Incoming("gathering-status")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onGatheringStatus(Message<String> record) {
        return receive(Topic.GATHERING_STATUS, record);
    }

    @Incoming("job-status")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onJobStatus(Message<String> record) {
        return receive(Topic.JOB_STATUS, record);
    }

    @Incoming("catalogue-status")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onCatalogueStatus(Message<String> record) {
        return receive(Topic.CATALOGUE_STATUS, record);
    }

    @Incoming("dp-status")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onDpStatus(Message<String> record) {
        return receive(Topic.DP_STATUS, record);
    }

    /**
     * Runs on the connector's thread: decode (cheap) and queue. The returned stage never fails - a failed stage would
     * end the channel's stream - and completes when the record is queued or dead-lettered.
     */
    CompletionStage<Void> receive(Topic topic, Message<String> record) {
        Received received;
        try {
            received = ProjectionService.decode(topic, record.getPayload());
        } catch (RuntimeException e) { // MalformedEventException, or no value at all
            LOG.warnf("malformed record on %s goes to the dead-letter topic: %s", topic.topicName(), e.getMessage());
            metrics.deadLettered(topic);
            return record.nack(e).exceptionally(failure -> {
                LOG.errorf(failure, "malformed record on %s could not be dead-lettered", topic.topicName());
                return null;
            });
        }
        return batchers.get(topic).offer(new Pending(record, received));
    }

    /** Applies one batch in one transaction, then acknowledges its records; on failure settles them one by one. */
    void applyBatch(Topic topic, List<Pending> batch) {
        Change change;
        long start = System.nanoTime();
        try {
            change = projections.apply(batch.stream().map(Pending::received).toList(), true);
            metrics.batchApplied(topic, batch.size(), Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                LOG.warnf("a batch of %d events on %s failed (%s); applying them one at a time", batch.size(), topic.topicName(),
                        e.toString());
            }
            batch.forEach(p -> applyAlone(topic, p));
            return;
        }
        live.changed(change);
        batch.forEach(p -> p.message().ack()); // only after the commit
    }

    /** The rule of one event per transaction: database errors are retried, then the event is dead-lettered. */
    private void applyAlone(Topic topic, Pending p) {
        Received received = p.received();
        for (int attempt = 1;; attempt++) {
            try {
                live.changed(projections.apply(List.of(received), true));
                p.message().ack();
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    LOG.errorf(e, "event %s on %s failed %d times and goes to the dead-letter topic", received.event().eventId(),
                            topic.topicName(), attempt);
                    metrics.deadLettered(topic);
                    p.message().nack(e);
                    return;
                }
                LOG.warnf("event %s on %s failed (attempt %d), retrying: %s", received.event().eventId(), topic.topicName(), attempt,
                        e.toString());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return; // shutting down: left unacknowledged, so Kafka redelivers it
                }
            }
        }
    }
}
