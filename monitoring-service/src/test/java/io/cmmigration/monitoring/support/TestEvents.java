package io.cmmigration.monitoring.support;

import io.cmmigration.events.CatalogueStatusEvent;
import io.cmmigration.events.DpStatusEvent;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.GatheringStatusEvent;
import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Publishes status events to the test broker exactly as the other services do (JSON by EventCodec, key by Topic). */
public final class TestEvents {

    private static KafkaProducer<String, String> producer;

    private TestEvents() {
    }

    static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static void publish(MigrationEvent... events) {
        for (MigrationEvent e : events) {
            send(Topic.of(e.getClass()), e.key(), EventCodec.encode(e));
        }
    }

    public static void send(Topic topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic.topicName(), key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends records without waiting for each (as a busy producer's outbox relay does), then waits until all are
     * written: they reach the consumer together, so it applies them in few batches.
     */
    public static void sendBurst(List<ProducerRecord<String, String>> records) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (ProducerRecord<String, String> r : records) {
            sent.add(producer().send(r));
        }
        producer().flush();
        try {
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record of an event as a producer sends it (topic from the registry, key of the event). */
    public static ProducerRecord<String, String> record(MigrationEvent e) {
        return new ProducerRecord<>(Topic.of(e.getClass()).topicName(), e.key(), EventCodec.encode(e));
    }

    /** Every record of a topic from the beginning (reads until nothing more arrives for a moment). */
    public static List<ConsumerRecord<String, String>> readAll(Topic topic) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic.topicName()).stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 15000;
            while (System.currentTimeMillis() < deadline && parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    public static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    public static HierarchyEvent specified(String hierarchyId, Instant at, List<HierarchyEvent.Site> sites) {
        return new HierarchyEvent(UUID.randomUUID(), 1, at, HierarchyEvent.Action.SPECIFIED, hierarchyId, hierarchyId,
                "cas." + hierarchyId.toLowerCase() + ".contoso.com", "5.00.9128", "DST", null, sites, "specified by admin");
    }

    public static HierarchyEvent.Site site(String code, String parent) {
        return new HierarchyEvent.Site(code, parent, code.toLowerCase() + ".contoso.com", "5.00.9128", parent == null ? "CAS" : "PRIMARY", true,
                false, false);
    }

    public static GatheringStatusEvent gathering(String hierarchyId, String site, int code, String status, Instant at, Instant finished,
            Map<String, GatheringStatusEvent.TypeCounts> counts) {
        return new GatheringStatusEvent(UUID.randomUUID(), 1, at, hierarchyId, site, "run-1", code, status, null, at.minusSeconds(30),
                finished, code == 1 ? finished : null, at.plus(Duration.ofHours(4)), counts);
    }

    public static JobStatusEvent job(String jobId, String hierarchyId, JobStatusEvent.Status status, long total, long migrated, long failed,
            long skipped, Instant at, Instant started, Instant ended) {
        return new JobStatusEvent(UUID.randomUUID(), 1, at, jobId, "Job " + jobId, JobType.OBJECT, hierarchyId, status, total, migrated,
                failed, skipped, started == null ? at : started.minusSeconds(1), started, ended, null, null);
    }

    public static JobObjectStatusEvent object(String jobId, String hierarchyId, String site, ObjectType type, String sourceId, String name,
            JobObjectStatusEvent.Status status, Instant at, String message) {
        return new JobObjectStatusEvent(UUID.randomUUID(), 1, at, jobId, hierarchyId, site, type, sourceId, name, status,
                status == JobObjectStatusEvent.Status.FAILED ? 1027 : 0, message);
    }

    /** What job-service publishes for an executed chunk of a job: every object's status in one event. */
    public static JobObjectStatusBatchEvent chunk(String jobId, String hierarchyId, Instant at, List<JobObjectStatusBatchEvent.JobObjectStatus> objects) {
        return new JobObjectStatusBatchEvent(UUID.randomUUID(), 1, at, jobId, hierarchyId, objects);
    }

    /** One object of a chunk, with the same fields and message code as {@link #object}. */
    public static JobObjectStatusBatchEvent.JobObjectStatus entry(String site, ObjectType type, String sourceId, String name,
            JobObjectStatusEvent.Status status, String message) {
        return new JobObjectStatusBatchEvent.JobObjectStatus(site, type, sourceId, name, status,
                status == JobObjectStatusEvent.Status.FAILED ? 1027 : 0, message, status == JobObjectStatusEvent.Status.COMPLETED ? 1L : null);
    }

    public static CatalogueStatusEvent catalogue(String hierarchyId, Instant at, long total, long migrated, long excluded, long clients,
            long clientsMigrated, long clientsExcluded, Map<String, Map<String, Long>> counts) {
        return new CatalogueStatusEvent(UUID.randomUUID(), 1, at, hierarchyId, total, migrated, excluded, total - migrated - excluded, clients,
                clientsMigrated, clientsExcluded, clients - clientsMigrated - clientsExcluded, counts);
    }

    public static DpStatusEvent dp(String hierarchyId, String site, String server, String state, boolean shared, Boolean eligible,
            Instant at) {
        return new DpStatusEvent(UUID.randomUUID(), 1, at, hierarchyId, site, "[\"Display=\\\\" + server + "\\\"]MSWNET:[\"SMS_SITE=" + site
                + "\"]\\\\" + server + "\\", server, state, shared, eligible, "REASSIGNMENT", eligible == Boolean.FALSE ? List.of("no FQDN") : List.of(),
                12, 10, "DST", null);
    }
}
