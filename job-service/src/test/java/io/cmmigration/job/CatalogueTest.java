package io.cmmigration.job;

import static io.cmmigration.events.catalogue.ObjectType.PACKAGE;
import static io.cmmigration.job.Fixture.attrs;
import static io.cmmigration.job.JobTestSupport.awaitObjects;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.CatalogueStatusEvent;
import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.kafka.TestKafka;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The catalogue from the source-objects stream: idempotent under redelivery and replay, removal, dead letters, dashboard figures. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
class CatalogueTest {

    @Test
    void redeliveredAndOlderEventsChangeNothingAndRemovalIsTracked() {
        Fixture f = new Fixture("IDM");
        SourceObjectEvent a = f.object(PACKAGE, "IDM00001", "Alpha", 1, attrs("PackageID", "IDM00001"));
        f.object(PACKAGE, "IDM00002", "Beta", 1, attrs("PackageID", "IDM00002"));
        SourceObjectEvent c = f.object(PACKAGE, "IDM00003", "Gamma", 1, attrs("PackageID", "IDM00003"));
        f.publishAll();
        f.publishAll(); // redelivery of the very same events
        awaitObjects("IDM", 3);
        // A stale event (older than what the catalogue holds) must not win, even if it arrives last.
        SourceObjectEvent stale = new SourceObjectEvent(UUID.randomUUID(), 1, a.occurredAt().minusSeconds(60), ChangeKind.CHANGED, "IDM", "IDM", PACKAGE,
                "IDM00001", "Stale name", 0L, "fp-stale", Instant.now(), "run-0", Map.of(), List.of());
        SourceObjectEvent newer = Fixture.changed(c, "Gamma 2", c.attributes());
        Fixture.publish(stale, newer, Fixture.removed(f.events.get(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "REMOVED".equals(JobTestSupport.state("IDM", "IDM/PACKAGE/IDM00002")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Gamma 2".equals(JobTestSupport.object("IDM", "IDM/PACKAGE/IDM00003").get("name")));
        assertEquals("Alpha", JobTestSupport.object("IDM", "IDM/PACKAGE/IDM00001").get("name"));
        assertEquals(3, TestUsers.viewer().queryParam("hierarchyId", "IDM").get("/api/objects").then().extract().jsonPath().getLong("total"));
        assertEquals(1, TestUsers.viewer().queryParam("hierarchyId", "IDM").queryParam("state", "REMOVED").get("/api/objects").then().extract()
                .jsonPath().getLong("total"));
    }

    @Test
    void malformedEventsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String marker = "{not json " + UUID.randomUUID();
        Fixture.publishRaw(Topic.SOURCE_OBJECTS, "DLQ/DLQ/PACKAGE/X", marker);
        Fixture.publishRaw(Topic.HIERARCHY, "DLQ", marker + "-hierarchy");
        Fixture f = new Fixture("DLQ");
        f.object(PACKAGE, "DLQ00001", "After the poison", 1, attrs("PackageID", "DLQ00001"));
        f.publishAll();
        awaitObjects("DLQ", 1);
        List<String> dead = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.DEAD_LETTER.topicName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    dead.add(r.value());
                }
                return dead.contains(marker) && dead.contains(marker + "-hierarchy");
            });
        }
    }

    @Test
    void catalogueFiguresArePublishedForTheDashboard() {
        Fixture f = new Fixture("FIG");
        f.object(PACKAGE, "FIG00001", "One", 1, attrs("PackageID", "FIG00001"));
        f.object(PACKAGE, "FIG00002", "Two", 1, attrs("PackageID", "FIG00002"));
        f.object(io.cmmigration.events.catalogue.ObjectType.CLIENT, "1", "PC", 0, attrs("SMS_Unique_Identifier0", "GUID:1"));
        f.publishAll();
        awaitObjects("FIG", 3);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.CATALOGUE_STATUS.topicName()));
            CatalogueStatusEvent[] last = new CatalogueStatusEvent[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    MigrationEvent e = EventCodec.decode(r.value());
                    if (e instanceof CatalogueStatusEvent s && s.hierarchyId().equals("FIG")) {
                        last[0] = s;
                    }
                }
                return last[0] != null && last[0].objectsTotal() == 2 && last[0].clientsTotal() == 1;
            });
            assertEquals(2, last[0].objectsRemaining());
            assertEquals(1, last[0].clientsRemaining());
            assertTrue(last[0].countsByTypeAndState().get("PACKAGE").get("AVAILABLE_TO_MIGRATE") == 2);
        }
    }
}
