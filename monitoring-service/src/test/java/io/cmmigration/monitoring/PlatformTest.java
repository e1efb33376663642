package io.cmmigration.monitoring;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.schema.MssqlScript;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Authentication and roles on pages and API, open health/metrics, channel configuration, and the SQL Server schema. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "monitoring"))
class PlatformTest {

    @Test
    void readersNeedAnIdentityAndOnlyAdministratorsRebuild() {
        TestUsers.anonymous().get("/api/summary").then().statusCode(401);
        TestUsers.anonymous().get("/api/stream").then().statusCode(401);
        TestUsers.anonymous().auth().preemptive().basic("admin", "wrong").get("/api/jobs").then().statusCode(401);
        TestUsers.viewer().get("/api/summary").then().statusCode(200);
        TestUsers.bearer("alice", "viewer").get("/api/sites").then().statusCode(200);
        TestUsers.viewer().post("/api/admin/rebuild").then().statusCode(403);
        TestUsers.bearer("alice", "viewer").post("/api/admin/rebuild").then().statusCode(403);
        TestUsers.anonymous().post("/api/admin/rebuild").then().statusCode(401);
        TestUsers.viewer().get("/api/admin/rebuild").then().statusCode(200);
    }

    @Test
    void theDashboardPagesAskTheBrowserForBasicCredentials() {
        TestUsers.anonymous().get("/").then().statusCode(401).header("WWW-Authenticate", containsStringIgnoringCase("basic realm="));
        TestUsers.anonymous().get("/app.js").then().statusCode(401);
        TestUsers.viewer().get("/").then().statusCode(200).body(containsString("Migration"));
        TestUsers.viewer().get("/app.js").then().statusCode(200);
    }

    @Test
    void healthAndMetricsStayOpenAndCarryTheKeyFigures() {
        TestUsers.anonymous().get("/q/health/ready").then().statusCode(200).body(containsString("projections"));
        String metrics = TestUsers.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("cmm_monitoring_consumer_lag"), "consumer lag gauge");
        assertTrue(metrics.contains("cmm_monitoring_objects{"), "objects gauge");
        assertTrue(metrics.contains("cmm_monitoring_jobs{"), "jobs gauge");
    }

    @Test
    void everyStatusTopicHasAChannelWithADeadLetterQueue() {
        Config config = ConfigProvider.getConfig();
        Map<String, Topic> channels = Map.of("hierarchy", Topic.HIERARCHY, "gathering-status", Topic.GATHERING_STATUS, "job-status",
                Topic.JOB_STATUS, "catalogue-status", Topic.CATALOGUE_STATUS, "dp-status", Topic.DP_STATUS);
        channels.forEach((channel, topic) -> {
            String p = "mp.messaging.incoming." + channel + ".";
            assertEquals(topic.topicName(), config.getValue(p + "topic", String.class), channel);
            assertEquals("dead-letter-queue", config.getValue(p + "failure-strategy", String.class), channel);
            assertEquals(Topic.DEAD_LETTER.topicName(), config.getValue(p + "dead-letter-queue.topic", String.class), channel);
            assertEquals("monitoring-service", config.getValue(p + "group.id", String.class), channel);
            assertEquals("earliest", config.getValue(p + "auto.offset.reset", String.class), channel);
        });
    }

    @Test
    void sqlServerScriptCreatesTheProjectionTablesWithUnicodeText() {
        MssqlScript script = MssqlScript.ofModule();
        assertTrue(script.tables().containsAll(List.of("mon_hierarchy", "mon_site", "mon_catalogue", "mon_job", "mon_job_object",
                "mon_throughput", "mon_dp", "mon_history", "processed_event")), script.tables().toString());
        assertTrue(script.sequences().containsAll(List.of("mon_job_object_seq", "mon_history_seq")), script.sequences().toString());
        assertEquals(List.of(), script.nonUnicodeTextColumns());
    }
}
