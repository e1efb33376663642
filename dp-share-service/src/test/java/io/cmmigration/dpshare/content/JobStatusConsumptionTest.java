package io.cmmigration.dpshare.content;

import static io.cmmigration.dpshare.support.Feed.dp;
import static io.cmmigration.dpshare.support.Feed.entry;
import static io.cmmigration.dpshare.support.Feed.hierarchy;
import static io.cmmigration.dpshare.support.Feed.primary;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmmigration.dpshare.support.Feed;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.HierarchyEvent.Action;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobObjectStatusEvent.Status;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Object status from migration.job-status in both shapes job-service has published: one event per executed chunk
 * (with the version it migrated) and one event per object (without). Each is applied once however often it arrives.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "dpshare"))
class JobStatusConsumptionTest {

    private static final Duration WAIT = Duration.ofSeconds(60); // partition assignment alone took 10-20 s on a loaded 2-core machine

    @Inject
    EntityManager em;

    @Test
    void aChunkRecordsTheVersionTheJobMigratedAndASingleEventTheCurrentOneEachAppliedOnce() {
        String h = "MV1";
        String site = "M11";
        String job = "job-" + UUID.randomUUID();
        Feed.send(hierarchy(Action.SPECIFIED, h, "5.00.9128", primary(site, true)));
        Feed.send(Feed.packageVersion(h, site, ObjectType.PACKAGE, "M1100001", 3)); // changed in the source after the job read v2
        Feed.send(Feed.packageVersion(h, site, ObjectType.DRIVER_PACKAGE, "M1100002", 5));
        Feed.send(Feed.packageVersion(h, site, ObjectType.PACKAGE, "M1100003", 1));
        Feed.send(Feed.packageVersion(h, site, ObjectType.PACKAGE, "M1100004", 7));
        dp(h, site, "mv1-dp1").hosts("M1100001", 2, 10).hosts("M1100002", 5, 10).hosts("M1100003", 1, 10).hosts("M1100004", 7, 10).send();
        long dpId = awaitDp(h, d -> Boolean.TRUE.equals(d.get("shared")) && Integer.valueOf(4).equals(d.get("hostedPackages")));
        long inboxBefore = inboxRows();

        JobObjectStatusBatchEvent chunk = Feed.chunk(h, job,
                entry(site, ObjectType.PACKAGE, "M1100001", Status.COMPLETED, 2L),
                entry(site, ObjectType.DRIVER_PACKAGE, "M1100002", Status.COMPLETED, 5L),
                entry(site, ObjectType.PACKAGE, "M1100003", Status.FAILED, null),
                entry(site, ObjectType.COLLECTION, "M1100009", Status.COMPLETED, null)); // not content
        String chunkJson = EventCodec.encode(chunk);
        Feed.raw(Topic.JOB_STATUS.topicName(), job, chunkJson);
        Feed.raw(Topic.JOB_STATUS.topicName(), job, chunkJson); // redelivered
        JobObjectStatusEvent single = Feed.migrated(h, job, site, ObjectType.PACKAGE, "M1100004");
        String singleJson = EventCodec.encode(single);
        Feed.raw(Topic.JOB_STATUS.topicName(), job, singleJson);
        Feed.raw(Topic.JOB_STATUS.topicName(), job, singleJson); // redelivered

        // same key, same partition: once the second single is applied, every record before it is too
        await().atMost(WAIT).until(() -> inboxRows(single.eventId()) == 1
                && Integer.valueOf(2).equals(TestUsers.viewer().get("/api/shared-dps/" + dpId).then().extract().jsonPath().get("availablePackages")));
        JsonPath content = TestUsers.viewer().get("/api/shared-dps/" + dpId + "/content").then().statusCode(200).extract().jsonPath();
        // the version the chunk reports, not the source's current 3: the copy on the DP is what was migrated, the source moved on
        assertEquals(2, content.getInt("packages.find { it.packageId == 'M1100001' }.migratedVersion"));
        assertEquals("CHANGED_IN_SOURCE", content.getString("packages.find { it.packageId == 'M1100001' }.status"));
        assertEquals(5, content.getInt("packages.find { it.packageId == 'M1100002' }.migratedVersion"));
        assertEquals("AVAILABLE", content.getString("packages.find { it.packageId == 'M1100002' }.status"));
        assertEquals("NOT_MIGRATED", content.getString("packages.find { it.packageId == 'M1100003' }.status"));
        // a single event has no version: the source version current when it arrived
        assertEquals(7, content.getInt("packages.find { it.packageId == 'M1100004' }.migratedVersion"));
        assertEquals("AVAILABLE", content.getString("packages.find { it.packageId == 'M1100004' }.status"));

        assertEquals(1, inboxRows(chunk.eventId()), "one inbox row for the chunk, not one per object");
        assertEquals(inboxBefore + 2, inboxRows(), "the chunk and the single event, each once");

        // another job's chunk from an hour ago, published late: the newer migration stays the one on record
        JobObjectStatusBatchEvent older = new JobObjectStatusBatchEvent(UUID.randomUUID(), JobObjectStatusBatchEvent.SCHEMA_VERSION,
                Instant.now().minus(Duration.ofHours(1)), "job-" + UUID.randomUUID(), h,
                List.of(entry(site, ObjectType.DRIVER_PACKAGE, "M1100002", Status.COMPLETED, 4L)));
        Feed.send(older);
        await().atMost(WAIT).until(() -> inboxRows(older.eventId()) == 1); // applied (or not) in the transaction that wrote it
        TestUsers.viewer().get("/api/shared-dps/" + dpId + "/content").then().statusCode(200)
                .body("packages.find { it.packageId == 'M1100002' }.migratedVersion", org.hamcrest.Matchers.equalTo(5))
                .body("packages.find { it.packageId == 'M1100002' }.status", org.hamcrest.Matchers.equalTo("AVAILABLE"));

        // The tables looked up by "id in (1,000 ids)" per batch get planner statistics from the service itself (the
        // PostgreSQL of the CI runs without autovacuum; unanalyzed, those lookups scanned the whole table every batch).
        await().atMost(WAIT).until(() -> analyzed("package_version") && analyzed("hosted_package"));
    }

    private boolean analyzed(String table) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from pg_stat_user_tables where relname = :t and last_analyze is not null").setParameter("t", table)
                .getSingleResult()).longValue() == 1);
    }

    private long awaitDp(String hierarchyId, java.util.function.Predicate<Map<String, Object>> condition) {
        long[] id = new long[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Map<String, Object>> items = TestUsers.viewer().queryParam("hierarchyId", hierarchyId).get("/api/shared-dps").then()
                    .statusCode(200).extract().jsonPath().getList("items");
            for (Map<String, Object> item : items) {
                if (condition.test(item)) {
                    id[0] = ((Number) item.get("id")).longValue();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private long inboxRows() {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select count(p) from ProcessedEvent p where p.consumer = :c", Long.class).setParameter("c", PackageEventsConsumer.JOB_CONSUMER)
                .getSingleResult());
    }

    private long inboxRows(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select count(p) from ProcessedEvent p where p.eventId = :id", Long.class).setParameter("id", eventId.toString())
                .getSingleResult());
    }
}
