package io.cmmigration.monitoring.projection.messaging;

import io.cmmigration.events.EventCodec.MalformedEventException;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.monitoring.live.LiveUpdates;
import io.cmmigration.monitoring.metrics.MonitoringMetrics;
import io.cmmigration.monitoring.projection.domain.Change;
import io.cmmigration.monitoring.projection.domain.ProjectionService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * One channel per status topic. A record that is not a well-formed event of its topic fails at once and goes to the
 * dead-letter topic (the channel's failure strategy); a database hiccup is retried a few times first. Each channel
 * applies its records one at a time, in partition order.
 */
@ApplicationScoped
public class StatusEventConsumers {

    private static final Logger LOG = Logger.getLogger(StatusEventConsumers.class);

    @Inject
    ProjectionService projections;

    @Inject
    LiveUpdates live;

    @Inject
    MonitoringMetrics metrics;

    @ConfigProperty(name = "cmm.monitoring.apply-attempts", defaultValue = "3")
    int attempts;

    @Incoming("hierarchy")
    @Blocking
    public void onHierarchy(String json) {
        consume(Topic.HIERARCHY, json);
    }

    @Incoming("gathering-status")
    @Blocking
    public void onGatheringStatus(String json) {
        consume(Topic.GATHERING_STATUS, json);
    }

    @Incoming("job-status")
    @Blocking
    public void onJobStatus(String json) {
        consume(Topic.JOB_STATUS, json);
    }

    @Incoming("catalogue-status")
    @Blocking
    public void onCatalogueStatus(String json) {
        consume(Topic.CATALOGUE_STATUS, json);
    }

    @Incoming("dp-status")
    @Blocking
    public void onDpStatus(String json) {
        consume(Topic.DP_STATUS, json);
    }

    void consume(Topic topic, String json) {
        ProjectionService.Received received;
        try {
            received = ProjectionService.decode(topic, json);
        } catch (MalformedEventException e) {
            LOG.warnf("malformed record on %s goes to the dead-letter topic: %s", topic.topicName(), e.getMessage());
            metrics.deadLettered(topic);
            throw e;
        }
        for (int attempt = 1;; attempt++) {
            try {
                Change change = projections.apply(List.of(received), true);
                live.changed(change);
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    LOG.errorf(e, "event %s on %s failed %d times and goes to the dead-letter topic", received.event().eventId(),
                            topic.topicName(), attempt);
                    metrics.deadLettered(topic);
                    throw e;
                }
                LOG.warnf("event %s on %s failed (attempt %d), retrying: %s", received.event().eventId(), topic.topicName(), attempt,
                        e.toString());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
