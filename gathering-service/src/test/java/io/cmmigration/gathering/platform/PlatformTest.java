package io.cmmigration.gathering.platform;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.schema.MssqlScript;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The shared platform mechanisms work in this service: authentication and roles, open endpoints, schema scripts. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "purpose", value = "gathering"))
class PlatformTest {

    @Test
    void everyEndpointNeedsAnIdentityAndChangesNeedTheAdminRole() {
        TestUsers.anonymous().get("/api/test-probe").then().statusCode(401);
        TestUsers.viewer().get("/api/test-probe").then().statusCode(200).body(equalTo("read"));
        TestUsers.viewer().post("/api/test-probe").then().statusCode(403);
        TestUsers.admin().post("/api/test-probe").then().statusCode(200);
        TestUsers.anonymous().auth().preemptive().basic("admin", "wrong").get("/api/test-probe").then().statusCode(401);
        TestUsers.bearer("alice", "viewer").get("/api/test-probe").then().statusCode(200);
        TestUsers.bearer("alice", "viewer").post("/api/test-probe").then().statusCode(403);
        TestUsers.bearer("bob", "infra-admin").post("/api/test-probe").then().statusCode(200);
        TestUsers.anonymous().header("Authorization", "Bearer not-a-token").get("/api/test-probe").then().statusCode(401);
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        TestUsers.anonymous().get("/q/health/ready").then().statusCode(200);
        TestUsers.anonymous().get("/q/metrics").then().statusCode(200);
        TestUsers.anonymous().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void testsUseTheirOwnBrokerAndDatabase() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        assertTrue(!bootstrap.contains(":9092"), bootstrap);
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        assertTrue(url.matches("jdbc:postgresql://.*/cmm_gathering_[0-9a-f]{8}"), url);
    }

    @Test
    void sqlServerScriptCreatesTheSchemaWithUnicodeText() {
        MssqlScript script = MssqlScript.ofModule();
        assertTrue(script.tables().containsAll(java.util.List.of("outbox_event", "processed_event", "service_lease",
                "gathering_secret", "source_hierarchy", "source_site", "gathered_object", "gathered_object_pending")), script.tables().toString());
        // the last-modified watermarks of earlier versions are gone (change detection is by hash)
        assertTrue(script.sql().matches("(?is).*DROP TABLE (\\w+\\.)?\\[?gathering_watermark\\]?.*"), "gathering_watermark is dropped");
        assertTrue(script.sequences().containsAll(java.util.List.of("outbox_event_seq", "source_site_seq")), script.sequences().toString());
        assertEquals(java.util.List.of(), script.nonUnicodeTextColumns());
        assertTrue(script.sql().toUpperCase(java.util.Locale.ROOT).contains("NVARCHAR"));
    }
}
