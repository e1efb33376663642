package io.cmmigration.monitoring.metrics;

import io.cmmigration.events.topics.Topic;
import io.cmmigration.monitoring.dashboard.domain.DashboardQueries;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Summary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Key figures as Prometheus gauges (objects, clients, jobs by status) and the consumer lag of this service's group per
 * status topic (end offsets minus committed offsets, measured with the Kafka admin client). Both are refreshed on a
 * schedule, so a scrape never queries the database or the broker.
 */
@ApplicationScoped
public class FigureGauges {

    private static final Logger LOG = Logger.getLogger(FigureGauges.class);
    private static final List<Topic> TOPICS = List.of(Topic.HIERARCHY, Topic.GATHERING_STATUS, Topic.JOB_STATUS, Topic.CATALOGUE_STATUS,
            Topic.DP_STATUS);

    @Inject
    MeterRegistry registry;

    @Inject
    DashboardQueries queries;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.job-status.group.id", defaultValue = "monitoring-service")
    String groupId;

    private final AtomicReference<Summary> summary = new AtomicReference<>();
    private final Map<String, Double> lag = new ConcurrentHashMap<>();
    private volatile Admin admin;

    void register(@Observes StartupEvent ev) {
        gauge("cmm_monitoring_objects", "state", "total", Summary::objectsTotal);
        gauge("cmm_monitoring_objects", "state", "migrated", Summary::objectsMigrated);
        gauge("cmm_monitoring_objects", "state", "excluded", Summary::objectsExcluded);
        gauge("cmm_monitoring_objects", "state", "remaining", Summary::objectsRemaining);
        gauge("cmm_monitoring_clients", "state", "total", Summary::clientsTotal);
        gauge("cmm_monitoring_clients", "state", "migrated", Summary::clientsMigrated);
        gauge("cmm_monitoring_clients", "state", "excluded", Summary::clientsExcluded);
        gauge("cmm_monitoring_clients", "state", "remaining", Summary::clientsRemaining);
        gauge("cmm_monitoring_jobs", "status", "completed", Summary::jobsCompleted);
        gauge("cmm_monitoring_jobs", "status", "failed", Summary::jobsFailed);
        gauge("cmm_monitoring_jobs", "status", "running", Summary::jobsInProgress);
        gauge("cmm_monitoring_jobs", "status", "not_started", Summary::jobsNotStarted);
        gauge("cmm_monitoring_source_sites", "state", "all", Summary::sourceSites);
        gauge("cmm_monitoring_source_sites", "state", "failed", Summary::sitesFailed);
        for (Topic t : TOPICS) {
            Gauge.builder("cmm_monitoring_consumer_lag", lag, m -> m.getOrDefault(t.topicName(), Double.NaN))
                    .description("Records on the topic not yet consumed by the monitoring-service group").tag("topic", t.topicName())
                    .register(registry);
        }
    }

    private void gauge(String name, String tag, String value, ToDoubleFunction<Summary> f) {
        Gauge.builder(name, summary, s -> s.get() == null ? Double.NaN : f.applyAsDouble(s.get())).tag(tag, value).register(registry);
    }

    @Scheduled(every = "${cmm.monitoring.lag-interval:15s}", delay = 2, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            summary.set(QuarkusTransaction.requiringNew().call(() -> queries.summary(null)));
        } catch (RuntimeException e) {
            LOG.debugf("figures not refreshed: %s", e.toString());
        }
        try {
            measureLag();
        } catch (Exception e) {
            LOG.debugf("consumer lag not measured: %s", e.toString());
        }
    }

    private void measureLag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Set<String> names = new java.util.HashSet<>();
        TOPICS.forEach(t -> names.add(t.topicName()));
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin().describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) -> d.partitions()
                .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin().listOffsets(request).all().get(10, TimeUnit.SECONDS);
        Map<String, Double> perTopic = new HashMap<>();
        ends.forEach((tp, info) -> {
            OffsetAndMetadata c = committed.get(tp);
            long behind = Math.max(0, info.offset() - (c == null ? 0 : c.offset()));
            perTopic.merge(tp.topic(), (double) behind, Double::sum);
        });
        lag.putAll(perTopic);
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.CLIENT_ID_CONFIG, "monitoring-service-lag", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000));
                }
            }
        }
        return admin;
    }

    void stop(@Observes ShutdownEvent ev) {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
