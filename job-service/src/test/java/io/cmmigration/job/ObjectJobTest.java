package io.cmmigration.job;

import static io.cmmigration.events.catalogue.ObjectType.APPLICATION;
import static io.cmmigration.events.catalogue.ObjectType.BOOT_IMAGE;
import static io.cmmigration.events.catalogue.ObjectType.CLIENT;
import static io.cmmigration.events.catalogue.ObjectType.COLLECTION;
import static io.cmmigration.events.catalogue.ObjectType.DEPLOYMENT;
import static io.cmmigration.events.catalogue.ObjectType.ORGANIZATIONAL_FOLDER;
import static io.cmmigration.events.catalogue.ObjectType.PACKAGE;
import static io.cmmigration.events.catalogue.ObjectType.TASK_SEQUENCE;
import static io.cmmigration.job.Fixture.attrs;
import static io.cmmigration.job.Fixture.ref;
import static io.cmmigration.job.JobTestSupport.awaitJob;
import static io.cmmigration.job.JobTestSupport.awaitObjects;
import static io.cmmigration.job.JobTestSupport.createJob;
import static io.cmmigration.job.JobTestSupport.jobObjects;
import static io.cmmigration.job.JobTestSupport.jobStatusEvents;
import static io.cmmigration.job.JobTestSupport.state;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.SourceObjectEvent;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Object migration from a 2012+ hierarchy: the thin path (catalogue, job, destination), dependency closure and
 * order, collection rules for 2012+ sources, options, conflicts, Modified objects and the objects-modified job.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectJobTest {

    static final Fixture F = new Fixture("CAS");
    static SourceObjectEvent p1;
    static final int TOTAL = 17;

    static boolean gathered;

    @BeforeEach
    void gather() {
        if (gathered) {
            return;
        }
        gathered = true;
        Fixture.publish(F.hierarchy(HierarchyEvent.Action.SPECIFIED, "CURRENT_BRANCH"));
        F.object(ORGANIZATIONAL_FOLDER, "10", "Workstations", 1, attrs("ContainerNodeID", 10, "Name", "Workstations"));
        F.object(ORGANIZATIONAL_FOLDER, "11", "Pilot", 1, attrs("ContainerNodeID", 11, "Name", "Pilot", "ParentContainerNodeID", 10),
                ref("parentFolder", ORGANIZATIONAL_FOLDER, "CAS", "10", false));
        F.object(COLLECTION, "SMS00001", "All Systems", 1, attrs("CollectionID", "SMS00001", "CollectionType", 2, "MemberCount", 10,
                "queryRules", List.of(attrs("QueryID", 1, "RuleName", "All Systems", "QueryExpression", "select * from SMS_R_System"))));
        F.object(COLLECTION, "CAS00001", "Windows 10", 1, attrs("CollectionID", "CAS00001", "CollectionType", 2, "MemberCount", 4,
                "LimitToCollectionID", "SMS00001", "queryRules", List.of(attrs("QueryID", 1, "RuleName", "Win10", "QueryExpression",
                        "select * from SMS_R_System where OperatingSystemNameandVersion like \"%10.0%\"", "LimitToCollectionID", "SMS00001"))),
                ref("limitingCollection", COLLECTION, "CAS", "SMS00001", true), ref("folder", ORGANIZATIONAL_FOLDER, "CAS", "11", false));
        F.object(COLLECTION, "CAS00002", "Win10 Pilot", 1, attrs("CollectionID", "CAS00002", "CollectionType", 2, "MemberCount", 2,
                "LimitToCollectionID", "CAS00001", "directRules", List.of(attrs("ResourceID", 16777220, "RuleName", "PC1", "ResourceType", 5))),
                ref("limitingCollection", COLLECTION, "CAS", "CAS00001", true));
        F.object(COLLECTION, "CAS00003", "Empty", 1, attrs("CollectionID", "CAS00003", "CollectionType", 2, "MemberCount", 0,
                "LimitToCollectionID", "SMS00001"), ref("limitingCollection", COLLECTION, "CAS", "SMS00001", true));
        F.object(COLLECTION, "SMS00002", "All Users", 1, attrs("CollectionID", "SMS00002", "CollectionType", 1, "MemberCount", 3,
                "queryRules", List.of(attrs("QueryID", 1, "RuleName", "All Users", "QueryExpression", "select * from SMS_R_User"))));
        F.object(COLLECTION, "CAS00005", "Devices incl. users", 1, attrs("CollectionID", "CAS00005", "CollectionType", 2, "MemberCount", 1,
                "LimitToCollectionID", "SMS00001", "queryRules", List.of(attrs("QueryID", 1, "RuleName", "x", "QueryExpression", "select * from SMS_R_System"))),
                ref("limitingCollection", COLLECTION, "CAS", "SMS00001", true), ref("includeCollection", COLLECTION, "CAS", "SMS00002", true));
        p1 = F.object(PACKAGE, "CAS00010", "Office", 3, attrs("PackageID", "CAS00010", "PkgSourcePath", "\\\\src\\office", "SourceSite", "CAS",
                "programs", List.of(attrs("ProgramName", "Install", "ProgramFlags", 0x2000), attrs("ProgramName", "Repair", "ProgramFlags", 0x1000 | 0x4000))));
        F.object(PACKAGE, "CAS00011", "Reader", 1, attrs("PackageID", "CAS00011", "SourceSite", "CAS",
                "programs", List.of(attrs("ProgramName", "Install", "ProgramFlags", 0))));
        F.object(BOOT_IMAGE, "CAS00020", "Boot x64", 1, attrs("PackageID", "CAS00020", "Architecture", 9, "PkgSourcePath", "\\\\src\\boot\\x64.wim"));
        F.object(TASK_SEQUENCE, "CAS00030", "Deploy Win10", 1, attrs("PackageID", "CAS00030", "BootImageID", "CAS00020"),
                ref("bootImage", BOOT_IMAGE, "CAS", "CAS00020", true), ref("package", PACKAGE, "CAS", "CAS00010", true));
        F.object(DEPLOYMENT, "DEP1", "Reader to pilot", 1, attrs("DeploymentID", "DEP1", "CollectionID", "CAS00002", "PackageID", "CAS00011"),
                ref("collection", COLLECTION, "CAS", "CAS00002", true), ref("package", PACKAGE, "CAS", "CAS00011", true));
        F.object(APPLICATION, "16777300", "Runtime", 1, attrs("CI_ID", 16777300));
        F.object(APPLICATION, "16777301", "App needing runtime", 1, attrs("CI_ID", 16777301),
                ref("dependsOn", APPLICATION, "CAS", "16777300", true));
        F.object(CLIENT, "16777220", "PC1", 0, attrs("ResourceID", 16777220, "SMS_Unique_Identifier0", "GUID:6A1B2C3D-0000-4000-8000-000000000001"));
        F.object(CLIENT, "16777221", "PC2", 0, attrs("ResourceID", 16777221, "SMS_Unique_Identifier0", null));
        F.publishAll();
        awaitObjects("CAS", TOTAL);
    }

    static Map<String, Object> job(String name, String type, Map<String, Object> selection, Object... extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("name", name, "type", type, "hierarchyId", "CAS", "selection", selection,
                "securityScopes", List.of("Default", "Pilot")));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    @Test
    @Order(1)
    void catalogueListsObjectsWithFiltersAndPaging() {
        JsonPath page = TestUsers.viewer().queryParam("hierarchyId", "CAS").queryParam("type", "COLLECTION").queryParam("size", 2)
                .get("/api/objects").then().statusCode(200).extract().jsonPath();
        assertEquals(6, page.getLong("total"));
        assertEquals(2, page.getList("items").size());
        assertEquals("AVAILABLE_TO_MIGRATE", page.getString("items[0].state"));
        assertTrue(page.getString("items[0].objectKey").startsWith("CAS/COLLECTION/"));
        JsonPath named = TestUsers.viewer().queryParam("hierarchyId", "CAS").queryParam("name", "win10").get("/api/objects").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("CAS/TASK_SEQUENCE/CAS00030", "CAS/COLLECTION/CAS00002").stream().sorted().toList(),
                named.getList("items.objectKey", String.class).stream().sorted().toList());
        TestUsers.viewer().queryParam("state", "NOPE").get("/api/objects").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    @Order(2)
    void referencesAndDependantsOfAnObject() {
        List<String> refs = TestUsers.viewer().queryParam("hierarchyId", "CAS").get("/api/objects/CAS/TASK_SEQUENCE/CAS00030/references").then()
                .statusCode(200).extract().jsonPath().getList("objectKey");
        assertEquals(List.of("CAS/BOOT_IMAGE/CAS00020", "CAS/PACKAGE/CAS00010"), refs);
        List<String> dependants = TestUsers.viewer().get("/api/objects/CAS/COLLECTION/SMS00001/dependants").then().statusCode(200).extract()
                .jsonPath().getList("objectKey");
        assertEquals(List.of("CAS/COLLECTION/CAS00001", "CAS/COLLECTION/CAS00003", "CAS/COLLECTION/CAS00005"), dependants);
        TestUsers.viewer().get("/api/objects/CAS/COLLECTION/NOPE/references").then().statusCode(404);
    }

    @Test
    @Order(3)
    void objectJobWritesPackagesWithDisabledProgramsAndReportsCounters() {
        String id = createJob(job("Packages", "OBJECT", Map.of("types", List.of("PACKAGE"))));
        JsonPath j = awaitJob(id, "COMPLETED");
        assertEquals(2, j.getLong("total"));
        assertEquals(2, j.getLong("migrated"));
        assertEquals(0, j.getLong("failed"));
        Map<String, Map<String, Object>> dest = Destination.objects("CAS");
        Map<String, Object> office = dest.get("CAS/PACKAGE/CAS00010");
        Map<String, Object> doc = Json.readMap((String) office.get("attributes"));
        List<Map<String, Object>> programs = (List<Map<String, Object>>) doc.get("programs");
        // Default: programs disabled (0x1000 set), every other bit kept.
        assertEquals(0x2000 | 0x1000, ((Number) programs.get(0).get("ProgramFlags")).intValue());
        assertEquals(0x1000 | 0x4000, ((Number) programs.get(1).get("ProgramFlags")).intValue());
        assertEquals("Office", office.get("name"));
        assertEquals(List.of("Default", "Pilot"), Json.read((String) office.get("security_scopes"), List.class));
        assertEquals("CAS", office.get("source_site"));
        assertEquals(3L, ((Number) office.get("source_version")).longValue());
        assertEquals(Long.parseLong(id), ((Number) office.get("job_id")).longValue());
        assertEquals("DST", office.get("content_owner_site"));
        assertEquals(1, Destination.rows("SELECT * FROM id_mapping WHERE hierarchy_id = 'CAS' AND source_id = 'CAS00010'").size());
        assertEquals("MIGRATED", state("CAS", "CAS/PACKAGE/CAS00010"));
        assertTrue(jobObjects(id).stream().allMatch(o -> "COMPLETED".equals(o.get("status"))));
        // Monitoring learns the objects' outcomes from one batch event per chunk (not one event per object), each completed
        // entry with the source version the job wrote.
        List<MigrationEvent> events = jobStatusEvents(id, es -> es.stream().anyMatch(e -> e instanceof JobObjectStatusBatchEvent));
        List<JobObjectStatusBatchEvent> batches = events.stream().filter(e -> e instanceof JobObjectStatusBatchEvent).map(e -> (JobObjectStatusBatchEvent) e).toList();
        assertEquals(1, batches.size());
        assertTrue(events.stream().noneMatch(e -> e instanceof JobObjectStatusEvent), "no per-object events");
        Map<String, JobObjectStatusBatchEvent.JobObjectStatus> byKey = batches.get(0).objects().stream()
                .collect(Collectors.toMap(JobObjectStatusBatchEvent.JobObjectStatus::objectKey, o -> o));
        assertEquals(java.util.Set.of("CAS/PACKAGE/CAS00010", "CAS/PACKAGE/CAS00011"), byKey.keySet());
        assertEquals(JobObjectStatusEvent.Status.COMPLETED, byKey.get("CAS/PACKAGE/CAS00010").status());
        assertEquals(3L, byKey.get("CAS/PACKAGE/CAS00010").sourceVersion());
        assertEquals("Office", byKey.get("CAS/PACKAGE/CAS00010").name());
        assertEquals(1L, byKey.get("CAS/PACKAGE/CAS00011").sourceVersion());
        assertEquals("CAS", batches.get(0).hierarchyId());
    }

    @Test
    @Order(4)
    void selectingAnObjectSelectsItsDependenciesAndWritesThemFirst() {
        String id = createJob(job("Task sequence", "OBJECT", Map.of("objectKeys", List.of("CAS/TASK_SEQUENCE/CAS00030")),
                "bootImage", Map.of("x64", "DST00042"), "transferFolderStructure", true));
        awaitJob(id, "COMPLETED");
        List<Map<String, Object>> objects = jobObjects(id);
        Map<String, String> selectedBy = objects.stream().collect(Collectors.toMap(o -> (String) o.get("objectKey"), o -> (String) o.get("selectedBy")));
        // The package is already migrated (previous job): it is not migrated again; the boot image is dragged in.
        assertEquals(Map.of("CAS/TASK_SEQUENCE/CAS00030", "SELECTED", "CAS/BOOT_IMAGE/CAS00020", "DEPENDENCY"), selectedBy);
        assertEquals("CAS/BOOT_IMAGE/CAS00020", objects.get(0).get("objectKey"));
        Map<String, Map<String, Object>> dest = Destination.objects("CAS");
        Map<String, Object> ts = Json.readMap((String) dest.get("CAS/TASK_SEQUENCE/CAS00030").get("attributes"));
        assertEquals("DST00042", ts.get("BootImageID"), "x64 boot image substituted by the job option");
        Map<String, Object> boot = Json.readMap((String) dest.get("CAS/BOOT_IMAGE/CAS00020").get("attributes"));
        assertNotEquals("\\\\src\\boot\\x64.wim", boot.get("PkgSourcePath"));
        assertTrue(((String) boot.get("PkgSourcePath")).contains("SMS_DST") && ((String) boot.get("PkgSourcePath")).contains("x64"));
        List<Map<String, Object>> refs = Destination.rows("SELECT r.* FROM migrated_object_reference r JOIN migrated_object o ON o.destination_id = r.destination_id "
                + "WHERE o.source_id = 'CAS00030'");
        assertEquals(2, refs.size());
        assertTrue(refs.stream().allMatch(r -> r.get("target_destination_id") != null), refs.toString());
    }

    @Test
    @Order(5)
    void collectionsOf2012SourcesMigrateRulesOnlyAndFollowTheRules() {
        JsonPath preview = TestUsers.viewer().contentType(ContentType.JSON).body(job("Collections", "OBJECT", Map.of("types", List.of("COLLECTION"))))
                .post("/api/jobs/preview").then().statusCode(200).extract().jsonPath();
        assertTrue(preview.getList("manualActions", String.class).stream().anyMatch(a -> a.contains("CAS/COLLECTION/SMS00001")
                && a.contains("built-in collection, mapped to the destination's SMS00001")), preview.getList("manualActions").toString());
        String id = createJob(job("Collections", "OBJECT", Map.of("types", List.of("COLLECTION"))));
        JsonPath j = awaitJob(id, "COMPLETED");
        assertEquals(6, j.getLong("total"));
        assertEquals(1, j.getLong("failed"));
        List<Map<String, Object>> objects = jobObjects(id);
        List<String> order = objects.stream().map(o -> (String) o.get("objectKey")).toList();
        assertTrue(order.indexOf("CAS/COLLECTION/SMS00001") < order.indexOf("CAS/COLLECTION/CAS00001"));
        assertTrue(order.indexOf("CAS/COLLECTION/CAS00001") < order.indexOf("CAS/COLLECTION/CAS00002"));
        Map<String, Object> mixed = objects.stream().filter(o -> o.get("objectKey").equals("CAS/COLLECTION/CAS00005")).findFirst().orElseThrow();
        assertEquals("FAILED", mixed.get("status"));
        assertTrue(((String) mixed.get("message")).contains("another resource type"), (String) mixed.get("message"));
        Map<String, Map<String, Object>> dest = Destination.objects("CAS");
        assertEquals("ORGANIZATIONAL_FOLDER", dest.get("CAS/COLLECTION/CAS00003").get("destination_type"));
        assertEquals("/Workstations/Pilot", dest.get("CAS/COLLECTION/CAS00001").get("folder"));
        Map<String, Object> pilot = Json.readMap((String) dest.get("CAS/COLLECTION/CAS00002").get("attributes"));
        assertEquals(dest.get("CAS/COLLECTION/CAS00001").get("destination_id"), pilot.get("LimitToCollectionID"), "limiting collection remapped");
        assertTrue(!pilot.containsKey("MemberCount"), "2012+: rules only, no members");
        assertTrue(!dest.containsKey("CAS/COLLECTION/CAS00005"));
        assertEquals("FAILED", state("CAS", "CAS/COLLECTION/CAS00005"));
        // Built-in collections (All Systems, All Users) are not created again: the destination's own SMS00001/SMS00002 stand in,
        // and what references them points at those ids.
        for (String builtIn : List.of("CAS/COLLECTION/SMS00001", "CAS/COLLECTION/SMS00002")) {
            Map<String, Object> o = objects.stream().filter(x -> x.get("objectKey").equals(builtIn)).findFirst().orElseThrow();
            assertEquals("COMPLETED", o.get("status"));
            assertTrue(((String) o.get("message")).contains("built-in collection"), (String) o.get("message"));
            assertTrue(!dest.containsKey(builtIn), builtIn + " must not be written as a new collection");
            assertEquals("MIGRATED", state("CAS", builtIn));
        }
        Map<String, Object> win10 = Json.readMap((String) dest.get("CAS/COLLECTION/CAS00001").get("attributes"));
        assertEquals("SMS00001", win10.get("LimitToCollectionID"), "limited to the destination's All Systems");
        assertEquals(List.of("SMS00001"), Destination.rows("SELECT r.target_destination_id FROM migrated_object_reference r JOIN migrated_object o "
                + "ON o.destination_id = r.destination_id WHERE o.hierarchy_id = 'CAS' AND o.source_id = 'CAS00001' AND r.ref_name = 'limitingCollection'")
                .stream().map(r -> r.get("target_destination_id")).toList());
    }

    @Test
    @Order(6)
    void conflictHandlingSkipsOrOverwrites() {
        String skip = createJob(job("Again skip", "OBJECT", Map.of("objectKeys", List.of("CAS/PACKAGE/CAS00011"))));
        JsonPath s = awaitJob(skip, "COMPLETED");
        assertEquals(1, s.getLong("skipped"));
        assertEquals("SKIPPED", jobObjects(skip).get(0).get("status"));
        String over = createJob(job("Again overwrite", "OBJECT", Map.of("objectKeys", List.of("CAS/PACKAGE/CAS00011")), "conflict", "OVERWRITE",
                "enableProgramsAfterAdvertisementMigration", true));
        JsonPath o = awaitJob(over, "COMPLETED");
        assertEquals(1, o.getLong("migrated"));
        Map<String, Object> row = Destination.objects("CAS").get("CAS/PACKAGE/CAS00011");
        assertEquals(Long.parseLong(over), ((Number) row.get("job_id")).longValue());
        Map<String, Object> doc = Json.readMap((String) row.get("attributes"));
        assertEquals(0, ((Number) ((List<Map<String, Object>>) doc.get("programs")).get(0).get("ProgramFlags")).intValue(), "programs enabled");
        assertEquals(1, Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'CAS' AND source_id = 'CAS00011'").size());
    }

    @Test
    @Order(7)
    void aChangedSourceMakesTheObjectModifiedAndTheModifiedJobOverwritesIt() {
        Fixture.publish(Fixture.changed(p1, "Office 2021", p1.attributes()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "MODIFIED".equals(state("CAS", "CAS/PACKAGE/CAS00010")));
        String id = createJob(job("Modified", "MODIFIED_AFTER_MIGRATION", Map.of()));
        JsonPath j = awaitJob(id, "COMPLETED");
        assertEquals(1, j.getLong("total"));
        assertEquals("OVERWRITE", j.getString("options.conflict"));
        Map<String, Object> row = Destination.objects("CAS").get("CAS/PACKAGE/CAS00010");
        assertEquals("Office 2021", row.get("name"));
        assertEquals(4L, ((Number) row.get("source_version")).longValue());
        assertEquals("MIGRATED", state("CAS", "CAS/PACKAGE/CAS00010"));
    }

    @Test
    @Order(8)
    void clientsKeepTheirGuidAndAClientWithoutGuidFails() {
        String id = createJob(job("Clients", "OBJECT", Map.of("types", List.of("CLIENT"))));
        JsonPath j = awaitJob(id, "COMPLETED");
        assertEquals(1, j.getLong("migrated"));
        assertEquals(1, j.getLong("failed"));
        assertEquals("GUID:6A1B2C3D-0000-4000-8000-000000000001", Destination.objects("CAS").get("CAS/CLIENT/16777220").get("destination_id"));
    }

    @Test
    @Order(9)
    void scheduleOptionsAndLifecycleRules() {
        String later = createJob(job("Later", "OBJECT", Map.of("types", List.of("APPLICATION")), "schedule",
                Map.of("mode", "AT", "at", Instant.now().plusSeconds(3600).toString())));
        JsonPath l = TestUsers.viewer().get("/api/jobs/" + later).then().statusCode(200).extract().jsonPath();
        assertEquals("NOT_STARTED", l.getString("status"));
        assertEquals("SCHEDULED", state("CAS", "CAS/APPLICATION/16777301"));
        TestUsers.admin().delete("/api/jobs/" + later).then().statusCode(204);
        assertEquals("AVAILABLE_TO_MIGRATE", state("CAS", "CAS/APPLICATION/16777301"));

        String manual = createJob(job("Manual", "OBJECT", Map.of("objectKeys", List.of("CAS/APPLICATION/16777301")), "schedule", Map.of("mode", "DO_NOT_RUN")));
        assertEquals("PENDING_SCHEDULE", state("CAS", "CAS/APPLICATION/16777300"));
        assertEquals("NOT_STARTED", TestUsers.viewer().get("/api/jobs/" + manual).then().extract().jsonPath().getString("status"));
        // While a replica runs the job, its objects show RUNNING (derived from the job; the start writes no catalogue row).
        // Staged: another replica holds the job's lease and has begun the job; then it dies and its lease expires.
        ServiceDb.update("INSERT INTO service_lease (lease_name, owner, expires_at) VALUES (?, 'other-replica', ?)", "job:" + manual,
                java.sql.Timestamp.from(Instant.now().plusSeconds(60)));
        TestUsers.admin().post("/api/jobs/" + manual + "/start").then().statusCode(200);
        ServiceDb.update("UPDATE migration_job SET status = 'RUNNING', ever_started = ? WHERE id = ?", true, Long.parseLong(manual));
        assertEquals("RUNNING", state("CAS", "CAS/APPLICATION/16777300"));
        assertEquals("RUNNING", state("CAS", "CAS/APPLICATION/16777301"));
        assertEquals(List.of("CAS/APPLICATION/16777301", "CAS/APPLICATION/16777300"), TestUsers.viewer().queryParam("hierarchyId", "CAS")
                .queryParam("state", "RUNNING").get("/api/objects").then().statusCode(200).extract().jsonPath().getList("items.objectKey"));
        ServiceDb.update("UPDATE service_lease SET expires_at = ? WHERE lease_name = ?", java.sql.Timestamp.from(Instant.now().minusSeconds(1)),
                "job:" + manual);
        awaitJob(manual, "COMPLETED");
        assertEquals("MIGRATED", state("CAS", "CAS/APPLICATION/16777301"));
        List<Map<String, Object>> objects = jobObjects(manual);
        assertEquals("CAS/APPLICATION/16777300", objects.get(0).get("objectKey"), "the dependency is written first");
        TestUsers.admin().post("/api/jobs/" + manual + "/start").then().statusCode(409).body("detail", containsString("cannot run again"));
        TestUsers.admin().delete("/api/jobs/" + manual).then().statusCode(409).body("detail", containsString("only before it runs"));
        TestUsers.admin().delete("/api/jobs/999999").then().statusCode(404);
    }

    @Test
    @Order(10)
    void invalidJobsAreRejectedWithProblemDetails() {
        TestUsers.admin().contentType(ContentType.JSON).body(job("x", "OBJECT", Map.of("types", List.of("PACKAGE")), "securityScopes", List.of()))
                .post("/api/jobs").then().statusCode(400).contentType("application/problem+json").body("detail", containsString("securityScopes"));
        TestUsers.admin().contentType(ContentType.JSON).body("{\"name\": \"x\", \"type\": ").post("/api/jobs").then().statusCode(400)
                .contentType("application/problem+json");
        TestUsers.admin().contentType(ContentType.JSON).body(job("x", "SIDEWAYS", Map.of())).post("/api/jobs").then().statusCode(400)
                .contentType("application/problem+json");
        TestUsers.admin().contentType(ContentType.JSON).body(job("x", "OBJECT", Map.of("types", List.of("PACKAGE")), "schedule", Map.of("mode", "AT")))
                .post("/api/jobs").then().statusCode(400).body("detail", containsString("schedule.at"));
        TestUsers.admin().contentType(ContentType.JSON).body(job("x", "COLLECTION", Map.of())).post("/api/jobs").then().statusCode(422)
                .body("detail", containsString("2007"));
        TestUsers.admin().contentType(ContentType.JSON).body(job("x", "OBJECT", Map.of("objectKeys", List.of("CAS/PACKAGE/NOPE")))).post("/api/jobs")
                .then().statusCode(400).body("detail", containsString("not in the catalogue"));
        TestUsers.admin().contentType(ContentType.JSON).body(job("x", "OBJECT", Map.of("types", List.of("PACKAGE")), "contentOwnership", Map.of("CAS", "TOOLONG")))
                .post("/api/jobs").then().statusCode(400).body("detail", containsString("contentOwnership"));
    }

    @Test
    @Order(11)
    void previewShowsClosureSkipsAndManualActionsAsJsonAndText() {
        Map<String, Object> body = job("Preview", "OBJECT", Map.of("objectKeys", List.of("CAS/DEPLOYMENT/DEP1")));
        JsonPath p = TestUsers.viewer().contentType(ContentType.JSON).body(body).post("/api/jobs/preview").then().statusCode(200).extract().jsonPath();
        assertEquals(1, p.getLong("total"), "dependencies already migrated are not migrated again");
        assertTrue(p.getList("dependenciesAlreadyMigrated", String.class).containsAll(List.of("CAS/COLLECTION/CAS00002", "CAS/PACKAGE/CAS00011")));
        Map<String, Object> pkgs = job("Preview", "OBJECT", Map.of("types", List.of("PACKAGE")));
        JsonPath q = TestUsers.viewer().contentType(ContentType.JSON).body(pkgs).post("/api/jobs/preview").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("CAS/PACKAGE/CAS00010", "CAS/PACKAGE/CAS00011"), q.getList("willSkip", String.class).stream().sorted().toList());
        assertTrue(q.getList("manualActions", String.class).stream().anyMatch(s -> s.contains("UNC path")));
        String text = TestUsers.viewer().contentType(ContentType.JSON).accept("text/plain").body(pkgs).post("/api/jobs/preview").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment")).extract().asString();
        assertTrue(text.contains("Actions you must take") && text.contains("SKIP\tCAS/PACKAGE/CAS00010"), text);
        assertEquals(0, TestUsers.viewer().get("/api/jobs?status=NOT_STARTED&hierarchyId=CAS").then().extract().jsonPath().getList("$").stream()
                .filter(x -> "Preview".equals(((Map<?, ?>) x).get("name"))).count(), "preview stores nothing");
    }

    @Test
    @Order(12)
    void unselectingCascadesToDependantsAndFillsTheExclusionList() {
        Map<String, Object> body = job("Unselect", "OBJECT", Map.of("types", List.of("DEPLOYMENT", "COLLECTION"), "unselect", List.of("CAS/COLLECTION/CAS00002")),
                "schedule", Map.of("mode", "DO_NOT_RUN"));
        JsonPath p = TestUsers.viewer().contentType(ContentType.JSON).body(body).post("/api/jobs/preview").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("CAS/COLLECTION/CAS00002", "CAS/DEPLOYMENT/DEP1"), p.getList("excludedByUnselecting", String.class).stream().sorted().toList());
        createJob(body);
        List<String> excluded = TestUsers.viewer().queryParam("hierarchyId", "CAS").get("/api/exclusions").then().statusCode(200).extract()
                .jsonPath().getList("objectKey");
        assertTrue(excluded.containsAll(List.of("CAS/COLLECTION/CAS00002", "CAS/DEPLOYMENT/DEP1")), excluded.toString());
        TestUsers.admin().delete("/api/exclusions?hierarchyId=CAS&objectKey=CAS/DEPLOYMENT/DEP1").then().statusCode(204);
        TestUsers.admin().delete("/api/exclusions?hierarchyId=CAS&objectKey=CAS/DEPLOYMENT/DEP1").then().statusCode(404);
    }

    @Test
    @Order(13)
    void aTaskSequenceReferencesTheDestinationClientPackageAndBootImageTheJobNames() {
        SourceObjectEvent client = F.object(PACKAGE, "CAS00009", "Configuration Manager Client Package", 1, attrs("PackageID", "CAS00009",
                "PkgSourcePath", "\\\\cas\\SMS_CAS\\Client", "programs", List.of()));
        SourceObjectEvent ts = F.object(TASK_SEQUENCE, "CAS00031", "Deploy Windows 11", 1, attrs("PackageID", "CAS00031", "BootImageID", "CAS00020"),
                ref("bootImage", BOOT_IMAGE, "CAS", "CAS00020", true), ref("package", PACKAGE, "CAS", "CAS00009", true),
                ref("package", PACKAGE, "CAS", "CAS00011", true));
        Fixture.publish(client, ts);
        awaitObjects("CAS", TOTAL + 2);
        Map<String, Object> selection = Map.of("objectKeys", List.of("CAS/TASK_SEQUENCE/CAS00031"));
        // Without the option the review tells the administrator what is left to do, and the source client package comes along.
        JsonPath without = TestUsers.viewer().contentType(ContentType.JSON).body(job("TS", "OBJECT", selection)).post("/api/jobs/preview").then()
                .statusCode(200).extract().jsonPath();
        assertTrue(without.getList("manualActions", String.class).stream().anyMatch(a -> a.contains("no destination client package given")),
                without.getList("manualActions").toString());
        assertEquals(2, without.getLong("total"));

        String id = createJob(job("TS", "OBJECT", selection, "clientPackage", "DST00002", "bootImage", Map.of("x64", "DST00042", "x86", "DST00041")));
        JsonPath j = awaitJob(id, "COMPLETED");
        assertEquals(1, j.getLong("total"), "the source client package is not pulled into the job");
        assertEquals(1, j.getLong("migrated"));
        Map<String, Map<String, Object>> dest = Destination.objects("CAS");
        assertTrue(!dest.containsKey("CAS/PACKAGE/CAS00009"), "the source client package is not migrated");
        Map<String, Object> row = dest.get("CAS/TASK_SEQUENCE/CAS00031");
        assertEquals("DST00042", Json.readMap((String) row.get("attributes")).get("BootImageID"), "x64 boot image replaced by the job's");
        Map<String, Object> refs = Destination.rows("SELECT r.target_source_key, r.target_destination_id FROM migrated_object_reference r "
                + "WHERE r.destination_id = ?", row.get("destination_id")).stream()
                .collect(Collectors.toMap(r -> (String) r.get("target_source_key"), r -> String.valueOf(r.get("target_destination_id"))));
        assertEquals("DST00002", refs.get("CAS/PACKAGE/CAS00009"), "client package reference replaced by the destination's client package");
        assertEquals(dest.get("CAS/PACKAGE/CAS00011").get("destination_id"), refs.get("CAS/PACKAGE/CAS00011"), "other packages remapped as usual");
        assertTrue(((String) row.get("warnings")).contains("replaced by destination client package DST00002"), (String) row.get("warnings"));
        JsonPath review = TestUsers.viewer().get("/api/jobs/" + id + "/review").then().statusCode(200).extract().jsonPath();
        assertTrue(review.getList("productActions", String.class).stream().anyMatch(a -> a.contains("DST00002")), review.prettify());
        // The stored row is what reconciliation expects.
        JsonPath rec = TestUsers.admin().post("/api/jobs/" + id + "/reconcile").then().statusCode(200).extract().jsonPath();
        assertEquals(1, rec.getLong("matching"), rec.prettify());
    }
}
