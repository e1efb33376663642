package io.cmmigration.gathering.run;

import static io.cmmigration.gathering.run.SourceFixtures.awaitRunEnded;
import static io.cmmigration.gathering.run.SourceFixtures.secret;
import static io.cmmigration.gathering.run.SourceFixtures.simulate;
import static io.cmmigration.gathering.run.SourceFixtures.specifyBody;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Preflight rejections with their status codes, 2007 top-down configuration, bottom-up stop, clean up, roles. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "gathering"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HierarchyRulesTest {

    private SimulatedHierarchy cen;
    private SimulatedHierarchy old;
    private SimulatedHierarchy clash;

    @BeforeAll
    void sources() {
        cen = simulate(SourceVersion.CM2007_SP2, "CEN", "P07");
        old = simulate(SourceVersion.CM2012_SP1, "OLD");
        clash = simulate(SourceVersion.CURRENT_BRANCH, "CL1", "P07");
    }

    @AfterAll
    void drop() {
        cen.drop();
        old.drop();
        clash.drop();
    }

    private static ValidatableResponse specify(String server, String url, String destination) {
        secret("rulespw", "x");
        return TestUsers.admin().contentType(ContentType.JSON).body(specifyBody(server, url, "postgres", "secret:rulespw", destination))
                .post("/api/hierarchies").then();
    }

    @Test
    void preflightRejectsWithTheStatusCodesOfTheProduct() {
        specify("cmold.contoso.com", old.databases().get("OLD"), "DST").statusCode(422).body("type", equalTo("urn:cm-migration:status:1795"))
                .body("detail", containsString("OLD"));
        specify("cmp07.contoso.com", cen.databases().get("P07"), "DST").statusCode(422).body("type", equalTo("urn:cm-migration:status:1283"));
        specify("nowhere", "jdbc:postgresql://127.0.0.1:1/none", "DST").statusCode(422).body("type", equalTo("urn:cm-migration:status:515"));
        // A database that answers but is no ConfigMgr site database (no v_Site): SQL error.
        specify("cmnot.contoso.com", io.cmmigration.testsupport.db.TestDatabases.url("postgres"), "DST").statusCode(422)
                .body("type", equalTo("urn:cm-migration:status:1027"));
        specify("cmcen.contoso.com", cen.databases().get("CEN"), "P07").statusCode(409).body("type", equalTo("urn:cm-migration:status:2307"));
        TestUsers.admin().contentType(ContentType.JSON).body(specifyBody("cmcen.contoso.com", cen.databases().get("CEN"), "postgres", "secret:missing", "DST"))
                .post("/api/hierarchies").then().statusCode(422).body("detail", containsString("missing"));
        TestUsers.admin().contentType(ContentType.JSON).body(specifyBody("cmcen.contoso.com", cen.databases().get("CEN"), "postgres", "plain-password", "DST"))
                .post("/api/hierarchies").then().statusCode(422);
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("destinationSiteCode", "DST")).post("/api/hierarchies").then().statusCode(400);

        specify("cmcen.contoso.com", cen.databases().get("CEN"), "DST").statusCode(201).body("hierarchyId", equalTo("CEN"))
                .body("sites.databaseAccount.passwordRef", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
        specify("cmcen.contoso.com", cen.databases().get("CEN"), "DST").statusCode(409).body("type", equalTo("urn:cm-migration:status:1539"));
        specify("cmcl1.contoso.com", clash.databases().get("CL1"), "DST").statusCode(409).body("type", equalTo("urn:cm-migration:status:4099"));
        awaitRunEnded("CEN", "CEN", null, 1);
    }

    @Test
    void sitesAreConfiguredTopDownStoppedBottomUpAndCleanedUpLast() {
        String body = "{\"siteCode\":\"P07\",\"jdbcUrl\":\"" + cen.databases().get("P07") + "\",\"databaseAccount\":{\"username\":\"postgres\",\"passwordRef\":\"secret:rulespw\"},"
                + "\"providerAccount\":{\"username\":\"svc\",\"passwordRef\":\"secret:rulespw\"}}";
        if (TestUsers.viewer().get("/api/hierarchies/CEN").statusCode() == 404) {
            specify("cmcen.contoso.com", cen.databases().get("CEN"), "DST").statusCode(201);
        }
        TestUsers.viewer().contentType(ContentType.JSON).body(body).post("/api/hierarchies/CEN/sites").then().statusCode(403);
        TestUsers.anonymous().get("/api/hierarchies/CEN").then().statusCode(401);
        TestUsers.admin().contentType(ContentType.JSON).body(body).post("/api/hierarchies/CEN/sites").then().statusCode(201);
        awaitRunEnded("CEN", "P07", null, 1);

        TestUsers.admin().post("/api/hierarchies/CEN/cleanup").then().statusCode(409).body("detail", containsString("CEN"));
        TestUsers.admin().post("/api/hierarchies/CEN/sites/CEN/stop").then().statusCode(409).body("detail", containsString("P07"));
        TestUsers.admin().post("/api/hierarchies/CEN/sites/P07/stop").then().statusCode(200);
        TestUsers.admin().post("/api/hierarchies/CEN/sites/P07/gather-now").then().statusCode(409).body("detail", containsString("credentials"));
        TestUsers.admin().post("/api/hierarchies/CEN/sites/CEN/stop").then().statusCode(200)
                .body("sites.find { it.siteCode == 'CEN' }.statusCode", equalTo(4));
        TestUsers.admin().post("/api/hierarchies/CEN/cleanup").then().statusCode(200).body("state", equalTo("CLEANED_UP"));
        try (TopicRecords hierarchy = new TopicRecords(Topic.HIERARCHY)) {
            assertEquals(1, hierarchy.all(HierarchyEvent.class, e -> e.hierarchyId().equals("CEN") && e.action() == HierarchyEvent.Action.CLEANED_UP).size());
            assertEquals(2, hierarchy.all(HierarchyEvent.class, e -> e.hierarchyId().equals("CEN") && e.action() == HierarchyEvent.Action.GATHERING_STOPPED).size());
        }
    }
}
