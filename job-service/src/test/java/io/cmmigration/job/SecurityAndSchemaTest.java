package io.cmmigration.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.schema.MssqlScript;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Who may do what (401 without identity, 403 for the viewer on changes), and the SQL Server scripts of both schemas. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
class SecurityAndSchemaTest {

    @Test
    void readsNeedAnIdentityAndChangesNeedTheAdministratorRole() {
        for (String path : List.of("/api/objects", "/api/jobs", "/api/exclusions", "/api/jobs/1", "/api/jobs/1/objects")) {
            TestUsers.anonymous().get(path).then().statusCode(401);
        }
        TestUsers.viewer().get("/api/objects").then().statusCode(200);
        TestUsers.bearer("alice", "viewer").get("/api/jobs").then().statusCode(200);
        String body = "{\"name\":\"x\",\"type\":\"OBJECT\",\"hierarchyId\":\"NOPE\",\"selection\":{\"types\":[\"PACKAGE\"]},\"securityScopes\":[\"Default\"]}";
        TestUsers.anonymous().contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(401);
        TestUsers.viewer().contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(403);
        TestUsers.bearer("alice", "viewer").contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(403);
        // The administrator gets through security; there is nothing of that type to migrate in an unknown hierarchy.
        TestUsers.bearer("bob", "infra-admin").contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(422)
                .contentType("application/problem+json");
        TestUsers.viewer().post("/api/jobs/1/start").then().statusCode(403);
        TestUsers.viewer().post("/api/jobs/1/stop").then().statusCode(403);
        TestUsers.viewer().delete("/api/jobs/1").then().statusCode(403);
        TestUsers.viewer().delete("/api/exclusions?hierarchyId=X&objectKey=a/PACKAGE/b").then().statusCode(403);
        TestUsers.admin().get("/api/jobs/424242").then().statusCode(404).contentType("application/problem+json");
        TestUsers.anonymous().get("/q/openapi").then().statusCode(200);
        TestUsers.anonymous().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void sqlServerScriptsCreateBothSchemasWithUnicodeText() throws Exception {
        MssqlScript service = MssqlScript.ofModule();
        assertTrue(service.tables().containsAll(List.of("catalogue_object", "catalogue_reference", "exclusion", "migration_job", "job_object",
                "source_hierarchy", "outbox_event")), service.tables().toString());
        assertEquals(List.of(), service.nonUnicodeTextColumns());
        String dest = Files.readString(Path.of("target", "liquibase", "destination-mssql.sql")).toUpperCase(Locale.ROOT);
        for (String t : List.of("MIGRATED_OBJECT", "MIGRATED_OBJECT_REFERENCE")) {
            assertTrue(dest.contains("CREATE TABLE") && dest.contains(t), t);
        }
        // The id mapping is migrated_object's natural key, exposed as a view.
        assertTrue(dest.matches("(?s).*CREATE VIEW (\\[?DBO\\]?\\.)?\\[?ID_MAPPING\\]? AS SELECT DESTINATION_ID, HIERARCHY_ID, SOURCE_SITE, OBJECT_TYPE, SOURCE_ID FROM MIGRATED_OBJECT.*"), dest);
        assertTrue(dest.contains("NVARCHAR(MAX)") && !dest.matches("(?s).*[^N]VARCHAR\\(.*"), "destination text is Unicode");
    }
}
