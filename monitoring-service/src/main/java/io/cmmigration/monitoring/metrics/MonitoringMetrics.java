package io.cmmigration.monitoring.metrics;

import io.cmmigration.events.topics.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Counters and timers of what the status events report, for Prometheus (/q/metrics). They count live events only:
 * a rebuild replays history without counting it again.
 */
@ApplicationScoped
public class MonitoringMetrics {

    @Inject
    MeterRegistry registry;

    public void applied(Topic topic, long events) {
        registry.counter("cmm_monitoring_events_applied_total", "topic", topic.topicName()).increment(events);
    }

    public void duplicate(Topic topic, long events) {
        registry.counter("cmm_monitoring_events_duplicate_total", "topic", topic.topicName()).increment(events);
    }

    /** One live micro-batch applied and committed: its size and how long the transaction took. */
    public void batchApplied(Topic topic, int events, Duration took) {
        DistributionSummary.builder("cmm_monitoring_apply_batch_events").description("Events per applied micro-batch")
                .tag("topic", topic.topicName()).register(registry).record(events);
        Timer.builder("cmm_monitoring_apply_batch").description("Time to apply and commit one micro-batch")
                .tag("topic", topic.topicName()).register(registry).record(took);
    }

    public void deadLettered(Topic topic) {
        registry.counter("cmm_monitoring_events_dead_lettered_total", "topic", topic.topicName()).increment();
    }

    public void objectsMigrated(long delta) {
        Counter c = registry.counter("cmm_monitoring_objects_migrated_total");
        if (delta > 0) {
            c.increment(delta);
        }
    }

    public void jobFinished(String status, Duration took) {
        Timer.builder("cmm_monitoring_job_duration").description("Migration job run time, start to end")
                .tag("status", status).publishPercentileHistogram(false).register(registry).record(took);
    }

    public void gatheringRun(boolean success, Duration took) {
        registry.counter("cmm_monitoring_gathering_runs_total", "result", success ? "success" : "failed").increment();
        if (took != null && !took.isNegative()) {
            Timer.builder("cmm_monitoring_gathering_duration").tag("result", success ? "success" : "failed").register(registry)
                    .record(took);
        }
    }
}
