package io.cmmigration.job;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.kafka.TestKafka;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small source hierarchy described as gathering would publish it, built by hand so that tests can state what the
 * destination must contain without asking the code under test. Each test uses its own hierarchy id.
 */
public final class Fixture {

    public final String hierarchyId;
    public final String site;
    public final List<SourceObjectEvent> events = new ArrayList<>();

    public Fixture(String hierarchyId) {
        this.hierarchyId = hierarchyId;
        this.site = hierarchyId;
    }

    public static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static ObjectReference ref(String name, ObjectType type, String site, String id, boolean required) {
        return new ObjectReference(name, type, site, id, required);
    }

    public SourceObjectEvent object(ObjectType type, String id, String name, long version, Map<String, Object> attributes, ObjectReference... refs) {
        SourceObjectEvent e = SourceObjectEvent.of(ChangeKind.DISCOVERED, hierarchyId, site, type, id, name, version, "fp-" + id + "-v" + version,
                Instant.now(), "run-1", attributes, List.of(refs));
        events.add(e);
        return e;
    }

    /** The same object, changed (new version and fingerprint), as a later gathering run reports it. */
    public static SourceObjectEvent changed(SourceObjectEvent e, String newName, Map<String, Object> attributes) {
        long v = e.sourceVersion() == null ? 2 : e.sourceVersion() + 1;
        return new SourceObjectEvent(MigrationEvent.newId(), SourceObjectEvent.SCHEMA_VERSION, Instant.now(), ChangeKind.CHANGED, e.hierarchyId(),
                e.siteCode(), e.objectType(), e.sourceId(), newName, v, "fp-" + e.sourceId() + "-v" + v, Instant.now(), "run-2", attributes, e.references());
    }

    public static SourceObjectEvent removed(SourceObjectEvent e) {
        return new SourceObjectEvent(MigrationEvent.newId(), SourceObjectEvent.SCHEMA_VERSION, Instant.now(), ChangeKind.REMOVED, e.hierarchyId(),
                e.siteCode(), e.objectType(), e.sourceId(), e.name(), e.sourceVersion(), null, null, "run-3", Map.of(), List.of());
    }

    public HierarchyEvent hierarchy(HierarchyEvent.Action action, String sourceVersion) {
        return new HierarchyEvent(MigrationEvent.newId(), HierarchyEvent.SCHEMA_VERSION, Instant.now(), action, hierarchyId, site,
                site.toLowerCase() + ".contoso.com", sourceVersion, "DST", null, List.of(), null);
    }

    public void publishAll() {
        publish(events.toArray(MigrationEvent[]::new));
    }

    public static void publish(MigrationEvent... events) {
        try (KafkaProducer<String, String> p = producer()) {
            for (MigrationEvent e : events) {
                p.send(new ProducerRecord<>(Topic.of(e.getClass()).topicName(), e.key(), EventCodec.encode(e))).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publishRaw(Topic topic, String key, String value) {
        try (KafkaProducer<String, String> p = producer()) {
            p.send(new ProducerRecord<>(topic.topicName(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
    }
}
