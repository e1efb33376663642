package io.cmmigration.job;

import static io.cmmigration.events.catalogue.ObjectType.ADVERTISEMENT;
import static io.cmmigration.events.catalogue.ObjectType.COLLECTION;
import static io.cmmigration.events.catalogue.ObjectType.PACKAGE;
import static io.cmmigration.events.catalogue.ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE;
import static io.cmmigration.events.catalogue.ObjectType.VIRTUAL_APPLICATION_PACKAGE;
import static io.cmmigration.job.Fixture.attrs;
import static io.cmmigration.job.Fixture.ref;
import static io.cmmigration.job.JobTestSupport.awaitJob;
import static io.cmmigration.job.JobTestSupport.awaitObjects;
import static io.cmmigration.job.JobTestSupport.createJob;
import static io.cmmigration.job.JobTestSupport.jobObjects;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.job.support.Json;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Collection migration from a 2007 source: associated objects, exclusions, and every collection rule of spec §3.7. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollectionJobTest {

    static final Fixture F = new Fixture("P07");
    static boolean gathered;
    static final String DEVICE_QUERY = "select SMS_R_SYSTEM.ResourceID from SMS_R_System where SMS_R_System.SMSAssignedSites = \"P07\"";
    static final String UNKNOWN = "select SMS_R_UNKNOWNSYSTEM.ResourceID from SMS_R_UNKNOWNSYSTEM";

    @BeforeEach
    void gather() {
        if (gathered) {
            return;
        }
        gathered = true;
        Fixture.publish(F.hierarchy(HierarchyEvent.Action.SPECIFIED, "CM2007_SP2"));
        F.object(COLLECTION, "P0700001", "Site clients", 1, attrs("CollectionID", "P0700001", "CollectionType", 2, "MemberCount", 5,
                "queryRules", List.of(attrs("QueryID", 1, "RuleName", "Clients of site P07", "QueryExpression", DEVICE_QUERY),
                        attrs("QueryID", 2, "RuleName", "Include unknown computers", "QueryExpression", UNKNOWN)),
                "maintenanceWindows", List.of(attrs("Name", "Nightly", "Duration", 120))));
        F.object(COLLECTION, "P0700002", "Users and devices", 1, attrs("CollectionID", "P0700002", "CollectionType", 0, "MemberCount", 3,
                "directRules", List.of(attrs("ResourceID", 1, "ResourceType", 4), attrs("ResourceID", 2, "ResourceType", 5))));
        F.object(COLLECTION, "P0700003", "Empty one", 1, attrs("CollectionID", "P0700003", "CollectionType", 2, "MemberCount", 0));
        F.object(COLLECTION, "P0700004", "Excluded later", 1, attrs("CollectionID", "P0700004", "CollectionType", 2, "MemberCount", 1,
                "queryRules", List.of(attrs("QueryID", 1, "RuleName", "r", "QueryExpression", "select * from SMS_R_System"))));
        F.object(PACKAGE, "P0700010", "Tools", 2, attrs("PackageID", "P0700010", "SourceSite", "P07",
                "programs", List.of(attrs("ProgramName", "Install", "ProgramFlags", 0x2000))));
        F.object(ADVERTISEMENT, "P0720000", "Tools to site clients", 1, attrs("AdvertisementID", "P0720000", "PackageID", "P0700010",
                "CollectionID", "P0700001", "ProgramName", "Install", "SourceSite", "P07"),
                ref("package", PACKAGE, "P07", "P0700010", true), ref("collection", COLLECTION, "P07", "P0700001", true));
        F.object(PACKAGE, "P0700011", "Other", 1, attrs("PackageID", "P0700011", "programs", List.of()));
        F.object(ADVERTISEMENT, "P0720001", "Other to excluded", 1, attrs("AdvertisementID", "P0720001", "PackageID", "P0700011",
                "CollectionID", "P0700004"), ref("package", PACKAGE, "P07", "P0700011", true), ref("collection", COLLECTION, "P07", "P0700004", true));
        F.object(VIRTUAL_APPLICATION_PACKAGE, "P0700050", "App-V Visio", 1, attrs("PackageID", "P0700050", "PackageType", 7));
        F.object(SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE, "7", "Patch Tuesday", 1, attrs("TemplateID", 7, "Duration", 14));
        F.publishAll();
        awaitObjects("P07", 10);
        // The source family arrives on migration.hierarchy, independently of the objects: wait until job-service knows
        // P07 is a 2007 source (until then a collection job is refused with "family not known yet").
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> TestUsers.admin().contentType(ContentType.JSON)
                .body(job("probe", "COLLECTION", Map.of())).post("/api/jobs/preview").statusCode() == 200);
    }

    static Map<String, Object> job(String name, String type, Map<String, Object> selection, Object... extra) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "type", type, "hierarchyId", "P07", "selection", selection,
                "securityScopes", List.of("Default")));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    @Test
    @Order(1)
    void excludingACollectionExcludesWhatDependsOnIt() {
        List<String> excluded = TestUsers.admin().contentType(ContentType.JSON)
                .body(Map.of("hierarchyId", "P07", "objectKeys", List.of("P07/COLLECTION/P0700004"))).post("/api/exclusions").then().statusCode(200)
                .extract().jsonPath().getList("excluded");
        assertEquals(List.of("P07/COLLECTION/P0700004", "P07/ADVERTISEMENT/P0720001"), excluded);
        assertEquals("EXCLUDED", JobTestSupport.state("P07", "P07/ADVERTISEMENT/P0720001"));
        TestUsers.viewer().contentType(ContentType.JSON).body(Map.of("hierarchyId", "P07", "objectKeys", List.of("P07/COLLECTION/P0700004")))
                .post("/api/exclusions").then().statusCode(403);
    }

    @Test
    @Order(2)
    void collectionJobMigratesCollectionsWithAssociatedObjectsAndAppliesTheRules() {
        String id = createJob(job("Site collections", "COLLECTION", Map.of(), "siteCodeReplacement", Map.of("P07", "CEN"),
                "collectionLimiting", Map.of("P0700001", "SMS00001"), "contentOwnership", Map.of("P07", "PR1")));
        JsonPath j = awaitJob(id, "COMPLETED");
        Map<String, String> status = jobObjects(id).stream().collect(Collectors.toMap(o -> (String) o.get("objectKey"), o -> (String) o.get("status")));
        // Excluded collection and its advertisement are not auto-selected; the mixed collection fails alone.
        assertEquals(Map.of("P07/COLLECTION/P0700001", "COMPLETED", "P07/COLLECTION/P0700002", "FAILED", "P07/COLLECTION/P0700003", "COMPLETED",
                "P07/ADVERTISEMENT/P0720000", "COMPLETED", "P07/PACKAGE/P0700010", "COMPLETED"), status);
        assertEquals(5, j.getLong("total"));
        assertEquals(4, j.getLong("migrated"));
        assertEquals(1, j.getLong("failed"));
        Map<String, Map<String, Object>> dest = Destination.objects("P07");
        Map<String, Object> clients = Json.readMap((String) dest.get("P07/COLLECTION/P0700001").get("attributes"));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) clients.get("queryRules");
        assertEquals(1, rules.size(), "include-unknown-computers rule dropped");
        assertEquals(DEVICE_QUERY.replace("\"P07\"", "\"CEN\""), rules.get(0).get("QueryExpression"));
        assertEquals("SMS00001", clients.get("LimitToCollectionID"));
        assertEquals(1, ((List<?>) clients.get("maintenanceWindows")).size(), "2007 maintenance windows migrate with the collection");
        assertTrue(((String) dest.get("P07/COLLECTION/P0700001").get("warnings")).contains("unknown computers"));
        assertEquals("ORGANIZATIONAL_FOLDER", dest.get("P07/COLLECTION/P0700003").get("destination_type"));
        assertFalse(dest.containsKey("P07/COLLECTION/P0700002"));
        String mixed = jobObjects(id).stream().filter(o -> o.get("objectKey").equals("P07/COLLECTION/P0700002")).map(o -> (String) o.get("message"))
                .findFirst().orElseThrow();
        assertTrue(mixed.contains("both users and devices"), mixed);
        Map<String, Object> ad = Json.readMap((String) dest.get("P07/ADVERTISEMENT/P0720000").get("attributes"));
        assertEquals(Boolean.FALSE, ad.get("Enabled"), "advertisements are disabled after migration by default");
        assertEquals(dest.get("P07/PACKAGE/P0700010").get("destination_id"), ad.get("PackageID"));
        assertEquals(dest.get("P07/COLLECTION/P0700001").get("destination_id"), ad.get("CollectionID"));
        assertEquals("PR1", ad.get("SourceSite"));
        assertEquals("PR1", dest.get("P07/PACKAGE/P0700010").get("content_owner_site"));
        Map<String, Object> pkg = Json.readMap((String) dest.get("P07/PACKAGE/P0700010").get("attributes"));
        assertEquals(0x3000, ((Number) ((List<Map<String, Object>>) pkg.get("programs")).get(0).get("ProgramFlags")).intValue());
    }

    @Test
    @Order(3)
    void collectionJobWithoutAssociatedObjectsAndReviewWarnings() {
        Map<String, Object> body = job("Only collections", "COLLECTION", Map.of("objectKeys", List.of("P07/COLLECTION/P0700004")),
                "migrateAssociatedObjects", false, "conflict", "OVERWRITE");
        JsonPath p = TestUsers.viewer().contentType(ContentType.JSON).body(body).post("/api/jobs/preview").then().statusCode(200).extract().jsonPath();
        assertEquals(1, p.getLong("total"));
        assertTrue(p.getList("manualActions", String.class).stream().anyMatch(s -> s.contains("no limiting collection mapped")),
                p.getList("manualActions").toString());
        JsonPath all = TestUsers.viewer().contentType(ContentType.JSON).body(job("All", "COLLECTION", Map.of())).post("/api/jobs/preview").then()
                .statusCode(200).extract().jsonPath();
        assertTrue(all.getList("manualActions", String.class).stream().anyMatch(s -> s.contains("P0700002") && s.contains("will not migrate")));
        assertTrue(all.getList("manualActions", String.class).stream().anyMatch(s -> s.contains("site code P07 in a query replaced")));
        String id = createJob(body);
        awaitJob(id, "COMPLETED");
        assertEquals(List.of("P07/COLLECTION/P0700004"), jobObjects(id).stream().map(o -> o.get("objectKey")).toList());
    }

    @Test
    @Order(4)
    void subCollectionsBecomeAFolderNamedAfterTheirParentWithTheCollectionsInIt() {
        // 2007: "Regions" only holds sub-collections (no rules of its own); "Servers" has rules and one sub-collection;
        // "North users" is a user collection under a device collection (only the top-level collection migrates).
        Fixture.publish(
                F.object(COLLECTION, "P0700060", "Regions", 1, attrs("CollectionID", "P0700060", "CollectionType", 2, "MemberCount", 0),
                        ref("subCollection", COLLECTION, "P07", "P0700061", false), ref("subCollection", COLLECTION, "P07", "P0700062", false)),
                F.object(COLLECTION, "P0700061", "North", 1, attrs("CollectionID", "P0700061", "CollectionType", 2, "MemberCount", 2,
                        "queryRules", List.of(attrs("QueryID", 1, "RuleName", "north", "QueryExpression", "select * from SMS_R_System where Name like 'N%'"))),
                        ref("parentCollection", COLLECTION, "P07", "P0700060", false), ref("subCollection", COLLECTION, "P07", "P0700063", false)),
                F.object(COLLECTION, "P0700062", "South", 1, attrs("CollectionID", "P0700062", "CollectionType", 2, "MemberCount", 1,
                        "directRules", List.of(attrs("ResourceID", 16777230, "RuleName", "PC30", "ResourceType", 5))),
                        ref("parentCollection", COLLECTION, "P07", "P0700060", false)),
                F.object(COLLECTION, "P0700063", "North servers", 1, attrs("CollectionID", "P0700063", "CollectionType", 2, "MemberCount", 1,
                        "queryRules", List.of(attrs("QueryID", 1, "RuleName", "srv", "QueryExpression", "select * from SMS_R_System where Name like 'NS%'"))),
                        ref("parentCollection", COLLECTION, "P07", "P0700061", false)),
                F.object(COLLECTION, "P0700064", "North users", 1, attrs("CollectionID", "P0700064", "CollectionType", 1, "MemberCount", 1,
                        "queryRules", List.of(attrs("QueryID", 1, "RuleName", "u", "QueryExpression", "select * from SMS_R_User"))),
                        ref("parentCollection", COLLECTION, "P07", "P0700061", false)));
        awaitObjects("P07", 15);
        List<String> keys = List.of("P07/COLLECTION/P0700060", "P07/COLLECTION/P0700061", "P07/COLLECTION/P0700062", "P07/COLLECTION/P0700063",
                "P07/COLLECTION/P0700064");
        String id = createJob(job("Regions", "COLLECTION", Map.of("objectKeys", keys), "migrateAssociatedObjects", false));
        JsonPath j = awaitJob(id, "COMPLETED");
        assertEquals(5, j.getLong("total"));
        Map<String, Map<String, Object>> dest = Destination.objects("P07");
        Map<String, Object> regions = dest.get("P07/COLLECTION/P0700060");
        assertEquals("ORGANIZATIONAL_FOLDER", regions.get("destination_type"), "a parent without rules becomes the folder");
        assertEquals("Regions", regions.get("name"));
        assertEquals("COLLECTION", dest.get("P07/COLLECTION/P0700061").get("destination_type"));
        assertEquals("/Regions", dest.get("P07/COLLECTION/P0700061").get("folder"));
        assertEquals("/Regions", dest.get("P07/COLLECTION/P0700062").get("folder"));
        assertEquals("COLLECTION", dest.get("P07/COLLECTION/P0700062").get("destination_type"));
        // A parent with rules stays a collection; its sub-collections go into a folder named after it.
        assertEquals("/Regions/North", dest.get("P07/COLLECTION/P0700063").get("folder"));
        Map<String, Object> users = jobObjects(id).stream().filter(o -> o.get("objectKey").equals("P07/COLLECTION/P0700064")).findFirst().orElseThrow();
        assertEquals("FAILED", users.get("status"));
        assertTrue(((String) users.get("message")).contains("another resource type"), (String) users.get("message"));
        assertFalse(dest.containsKey("P07/COLLECTION/P0700064"));
        assertEquals(4, j.getLong("migrated"));
        JsonPath rec = TestUsers.admin().post("/api/jobs/" + id + "/reconcile").then().statusCode(200).extract().jsonPath();
        assertEquals(4, rec.getLong("matching"), rec.prettify());
    }

    @Test
    @Order(5)
    void objectJobOn2007EnablesProgramsWhenAskedAndDropsTemplateDuration() {
        String id = createJob(job("Objects", "OBJECT", Map.of("objectKeys", List.of("P07/PACKAGE/P0700011", "P07/SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE/7",
                "P07/VIRTUAL_APPLICATION_PACKAGE/P0700050")), "enableProgramsAfterAdvertisementMigration", true));
        awaitJob(id, "COMPLETED");
        Map<String, Map<String, Object>> dest = Destination.objects("P07");
        assertFalse(Json.readMap((String) dest.get("P07/SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE/7").get("attributes")).containsKey("Duration"));
        assertEquals("APPLICATION", dest.get("P07/VIRTUAL_APPLICATION_PACKAGE/P0700050").get("destination_type"), "2007 App-V becomes an application");
        // App-V can never be overwritten: a second job with overwrite fails for it.
        String again = createJob(job("App-V again", "OBJECT", Map.of("objectKeys", List.of("P07/VIRTUAL_APPLICATION_PACKAGE/P0700050")), "conflict", "OVERWRITE"));
        awaitJob(again, "COMPLETED");
        assertEquals("FAILED", jobObjects(again).get(0).get("status"));
        // Advertisements are collection-job only on 2007 sources.
        TestUsers.admin().contentType(ContentType.JSON).body(job("Ads", "OBJECT", Map.of("types", List.of("ADVERTISEMENT")))).post("/api/jobs").then()
                .statusCode(400);
    }

    @Test
    @Order(6)
    void inactivatingTheHierarchyPostponesScheduledJobsAndCleanUpPurgesTheCatalogueButKeepsMigratedObjects() {
        String scheduled = createJob(job("Later", "COLLECTION", Map.of("objectKeys", List.of("P07/COLLECTION/P0700003")), "schedule",
                Map.of("mode", "AT", "at", java.time.Instant.now().plusSeconds(3600).toString())));
        Fixture.publish(F.hierarchy(HierarchyEvent.Action.INACTIVATED, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestUsers.viewer().get("/api/jobs/" + scheduled).then().extract().jsonPath().getBoolean("postponed"));
        TestUsers.admin().post("/api/jobs/" + scheduled + "/start").then().statusCode(409);
        int migratedBefore = Destination.objects("P07").size();
        Fixture.publish(F.hierarchy(HierarchyEvent.Action.CLEANED_UP, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestUsers.viewer().queryParam("hierarchyId", "P07").get("/api/objects").then().extract()
                .jsonPath().getLong("total") == 0);
        TestUsers.viewer().get("/api/jobs/" + scheduled).then().statusCode(404);
        assertEquals(0, TestUsers.viewer().queryParam("hierarchyId", "P07").get("/api/exclusions").then().extract().jsonPath().getList("$").size());
        assertEquals(migratedBefore, Destination.objects("P07").size(), "migrated objects survive clean-up");
    }
}
