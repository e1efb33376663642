package io.cmmigration.dpshare.sharing;

import static io.cmmigration.dpshare.support.Feed.dp;
import static io.cmmigration.dpshare.support.Feed.hierarchy;
import static io.cmmigration.dpshare.support.Feed.primary;
import static io.cmmigration.dpshare.support.Feed.secondary;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.dpshare.support.Feed;
import io.cmmigration.dpshare.support.TopicWatcher;
import io.cmmigration.events.DpStatusEvent;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.HierarchyEvent.Action;
import io.cmmigration.events.HierarchyEvent.Site;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sharing, re-evaluation at gathering, withdrawal, content availability and boundary groups, end to end over Kafka and REST. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "dpshare"))
class SharingFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CB = "5.00.9128";
    private static final String V2007 = "CM2007_SP2";
    static TopicWatcher dpStatus;

    @BeforeAll
    static void watch() {
        dpStatus = new TopicWatcher(Topic.DP_STATUS.topicName());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        dpStatus.close();
    }

    static Map<String, Object> awaitDp(String hierarchyId, String host, java.util.function.Predicate<Map<String, Object>> condition) {
        Map<String, Object>[] found = new Map[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Map<String, Object>> items = TestUsers.viewer().queryParam("hierarchyId", hierarchyId).get("/api/shared-dps").then()
                    .statusCode(200).extract().jsonPath().getList("items");
            for (Map<String, Object> item : items) {
                if (((String) item.get("serverName")).toLowerCase().startsWith(host.toLowerCase()) && condition.test(item)) {
                    found[0] = item;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static List<String> statesPublished(String nalPath) {
        return dpStatus.records().stream().map(r -> EventCodec.decode(r.value(), DpStatusEvent.class)).filter(e -> e.nalPath().equals(nalPath))
                .map(DpStatusEvent::state).toList();
    }

    @Test
    void aDpThatLosesItsFqdnIsWithdrawnAtTheNextGatheringAndSharedAgainWhenItComesBack() {
        Feed.send(hierarchy(Action.SPECIFIED, "SH1", CB, primary("P11", true)));
        Feed.Dp a = dp("SH1", "P11", "sh1-dp1");
        a.send();
        Feed.send(Feed.gatheringReady("SH1", "P11", "run-1"));
        Map<String, Object> shared = awaitDp("SH1", "sh1-dp1", d -> Boolean.TRUE.equals(d.get("shared")));
        assertEquals("SHARED", shared.get("state"));
        assertTrue(shared.get("qualificationReasons").toString().contains("FQDN"), shared.toString());
        assertEquals(Boolean.TRUE, shared.get("eligible"), shared.toString());
        assertEquals("REASSIGNMENT", shared.get("eligibilityKind"));

        dp("SH1", "P11", "sh1-dp1").netbiosOnly().send();
        Feed.send(Feed.gatheringReady("SH1", "P11", "run-2"));
        Map<String, Object> withdrawn = awaitDp("SH1", "sh1-dp1", d -> Boolean.FALSE.equals(d.get("shared")));
        assertEquals("WITHDRAWN", withdrawn.get("state"));
        assertTrue(withdrawn.get("qualificationReasons").toString().contains("NetBIOS name only"), withdrawn.toString());
        assertEquals(Boolean.FALSE, withdrawn.get("eligible"));

        dp("SH1", "P11", "sh1-dp1").send();
        Feed.send(Feed.gatheringReady("SH1", "P11", "run-3"));
        awaitDp("SH1", "sh1-dp1", d -> Boolean.TRUE.equals(d.get("shared")));
        // (A NOT_SHARED first is possible when the DP event overtakes the hierarchy event on the other topic.)
        await().atMost(WAIT).until(() -> statesPublished(a.nalPath()).stream().filter(s -> !s.equals("NOT_SHARED")).toList()
                .equals(List.of("SHARED", "WITHDRAWN", "SHARED")));
    }

    @Test
    void theSiteSwitchSharesTheSiteAndItsSecondariesUntilGatheringStopsOrTheHierarchyIsInactivatedOrCleanedUp() {
        Feed.send(hierarchy(Action.SPECIFIED, "SH2", V2007, primary("P21", false), secondary("S21", "P21")));
        dp("SH2", "P21", "sh2-dp1").send();
        dp("SH2", "S21", "sh2-sec").onSecondarySiteServer().send();
        dp("SH2", "P21", "sh2-port").ports(8080, 443).send();
        // (Until the hierarchy event is applied the reason is "hierarchy not known"; the DP event may overtake it.)
        Map<String, Object> off = awaitDp("SH2", "sh2-sec", d -> d.get("qualificationReasons").toString().contains("not enabled for source site P21"));
        assertEquals("NOT_SHARED", off.get("state"));

        Feed.send(hierarchy(Action.DP_SHARING_CHANGED, "SH2", null, primary("P21", true), secondary("S21", "P21")));
        awaitDp("SH2", "sh2-dp1", d -> Boolean.TRUE.equals(d.get("shared")));
        Map<String, Object> sec = awaitDp("SH2", "sh2-sec", d -> Boolean.TRUE.equals(d.get("shared")));
        assertTrue(sec.get("qualificationReasons").toString().contains("direct child secondary site S21"), sec.toString());
        Map<String, Object> port = awaitDp("SH2", "sh2-port", d -> d.get("qualificationReasons").toString().contains("HTTP 8080"));
        assertEquals(Boolean.FALSE, port.get("shared"));

        Feed.send(Feed.gatheringStopped("SH2", "P21"));
        Map<String, Object> stopped = awaitDp("SH2", "sh2-sec", d -> "WITHDRAWN".equals(d.get("state")));
        assertTrue(stopped.get("qualificationReasons").toString().contains("gathering is stopped"), stopped.toString());
        awaitDp("SH2", "sh2-dp1", d -> "WITHDRAWN".equals(d.get("state")));

        Feed.send(hierarchy(Action.ACTIVATED, "SH2", null, primary("P21", true), secondary("S21", "P21")));
        awaitDp("SH2", "sh2-dp1", d -> "SHARED".equals(d.get("state")));

        Feed.send(hierarchy(Action.INACTIVATED, "SH2", null));
        Map<String, Object> inactive = awaitDp("SH2", "sh2-dp1", d -> "WITHDRAWN".equals(d.get("state")));
        assertTrue(inactive.get("qualificationReasons").toString().contains("inactive"), inactive.toString());

        Feed.send(hierarchy(Action.CLEANED_UP, "SH2", null));
        await().atMost(WAIT).until(() -> TestUsers.viewer().queryParam("hierarchyId", "SH2").get("/api/shared-dps").then()
                .extract().jsonPath().getInt("total") == 0);
    }

    @Test
    void aSharedDpServesAMigratedPackageOnlyWhileTheVersionsMatch() {
        Feed.send(hierarchy(Action.SPECIFIED, "SH3", CB, primary("P31", true)));
        Feed.send(Feed.packageVersion("SH3", "P31", ObjectType.PACKAGE, "P3100001", 1));
        Feed.send(Feed.packageVersion("SH3", "P31", ObjectType.DRIVER_PACKAGE, "P3100002", 5));
        Feed.send(Feed.packageVersion("SH3", "P31", ObjectType.COLLECTION, "P3100009", 1)); // not content: ignored
        Feed.Dp d = dp("SH3", "P31", "sh3-dp1").hosts("P3100001", 1, 100).hosts("P3100002", 5, 300).hosts("P3100003", 1, 10);
        d.send();
        Map<String, Object> view = awaitDp("SH3", "sh3-dp1", x -> Boolean.TRUE.equals(x.get("shared")));
        assertEquals(3, view.get("hostedPackages"));
        assertEquals(0, view.get("availablePackages"));
        long id = ((Number) view.get("id")).longValue();

        Feed.send(Feed.migrated("SH3", "P31", ObjectType.PACKAGE, "P3100001"));
        awaitDp("SH3", "sh3-dp1", x -> Integer.valueOf(1).equals(x.get("availablePackages")));
        JsonPath content = TestUsers.viewer().get("/api/shared-dps/" + id + "/content").then().statusCode(200).extract().jsonPath();
        assertEquals("AVAILABLE", content.getString("packages.find { it.packageId == 'P3100001' }.status"));
        assertEquals(1, content.getInt("packages.find { it.packageId == 'P3100001' }.migratedVersion"));
        assertEquals("NOT_MIGRATED", content.getString("packages.find { it.packageId == 'P3100002' }.status"));
        assertEquals("NOT_MIGRATED", content.getString("packages.find { it.packageId == 'P3100003' }.status"));

        // The package changes in the source: unavailable until migrated again.
        Feed.send(Feed.packageVersion("SH3", "P31", ObjectType.PACKAGE, "P3100001", 2));
        awaitDp("SH3", "sh3-dp1", x -> Integer.valueOf(0).equals(x.get("availablePackages")));
        TestUsers.viewer().get("/api/shared-dps/" + id + "/content").then().statusCode(200)
                .body("packages.find { it.packageId == 'P3100001' }.status", equalTo("CHANGED_IN_SOURCE"));
        // The next gathering sees version 2 on the DP: still not the migrated version.
        dp("SH3", "P31", "sh3-dp1").hosts("P3100001", 2, 100).hosts("P3100002", 5, 300).hosts("P3100003", 1, 10).send();
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/shared-dps/" + id + "/content").then()
                .body("packages.find { it.packageId == 'P3100001' }.status", equalTo("VERSION_MISMATCH")));
        // Re-migrated: available again; the driver package migrated too.
        Feed.send(Feed.migrated("SH3", "P31", ObjectType.PACKAGE, "P3100001"));
        Feed.send(Feed.migrated("SH3", "P31", ObjectType.DRIVER_PACKAGE, "P3100002"));
        awaitDp("SH3", "sh3-dp1", x -> Integer.valueOf(2).equals(x.get("availablePackages")));
        await().atMost(WAIT).until(() -> dpStatus.records().stream().map(r -> EventCodec.decode(r.value(), DpStatusEvent.class))
                .anyMatch(e -> e.nalPath().equals(d.nalPath()) && Integer.valueOf(2).equals(e.availablePackages())));
        TestUsers.viewer().get("/api/shared-dps/999999/content").then().statusCode(404).body("title", equalTo("Not found"));
    }

    @Test
    void aProtected2007DpGivesAReadOnlyBoundaryGroupOfItsProtectedLocations() {
        Feed.send(hierarchy(Action.SPECIFIED, "SH4", V2007, primary("P41", true)));
        dp("SH4", "P41", "sh4-prot").protectedBy("10.1.0.0/16", "Branch-Office-AD-Site").send();
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().queryParam("hierarchyId", "SH4").get("/api/boundary-groups").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].readOnly", equalTo(true))
                .body("[0].boundaries", hasItem("Branch-Office-AD-Site")).body("[0].name", containsString("sh4-prot")));
        dp("SH4", "P41", "sh4-prot").protectedBy("10.2.0.0/16").send();
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().queryParam("hierarchyId", "SH4").get("/api/boundary-groups").then()
                .body("[0].boundaries", equalTo(List.of("10.2.0.0/16"))));
        dp("SH4", "P41", "sh4-prot").protectedBy("10.2.0.0/16").netbiosOnly().send();
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().queryParam("hierarchyId", "SH4").get("/api/boundary-groups").then()
                .body("size()", equalTo(0)));
    }

    /** The 2007 table end to end: every kind of DP gathering reports, with its verdict and reason in the REST answer. */
    @Test
    void everyKindOf2007DpGetsItsEligibilityAndReason() {
        Feed.send(hierarchy(Action.SPECIFIED, "SH5", V2007, primary("P51", true), secondary("S51", "P51"), secondary("S52", "P51")));
        dp("SH5", "P51", "sh5-siteserver").onSiteServer().roles("SMS Management Point").send();
        dp("SH5", "P51", "sh5-standard").send();
        dp("SH5", "P51", "sh5-roles").roles("SMS Software Update Point").send();
        dp("SH5", "P51", "sh5-share").type("SERVER_SHARE").send();
        dp("SH5", "P51", "sh5-branch").type("BRANCH").send();
        dp("SH5", "P51", "sh5-branchroles").type("BRANCH").roles("SMS Fallback Status Point").send();
        dp("SH5", "S51", "sh5-sec1server").onSecondarySiteServer().roles("SMS Management Point").send();
        dp("SH5", "S51", "sh5-sec1other").send();
        dp("SH5", "S52", "sh5-sec2server").onSecondarySiteServer().send();
        dp("SH5", "S52", "sh5-sec2share").type("SERVER_SHARE").onSecondarySiteServer().send();
        dp("SH5", "S52", "sh5-sec2other").send();
        Map<String, Boolean> expected = Map.ofEntries(Map.entry("sh5-siteserver", false), Map.entry("sh5-standard", true),
                Map.entry("sh5-roles", false), Map.entry("sh5-share", true), Map.entry("sh5-branch", true), Map.entry("sh5-branchroles", false),
                Map.entry("sh5-sec1server", true), Map.entry("sh5-sec1other", true), Map.entry("sh5-sec2server", false),
                Map.entry("sh5-sec2share", false), Map.entry("sh5-sec2other", false));
        await().atMost(WAIT).until(() -> TestUsers.viewer().queryParam("hierarchyId", "SH5").queryParam("shared", true).get("/api/shared-dps")
                .then().extract().jsonPath().getInt("total") == expected.size());
        List<Map<String, Object>> items = TestUsers.viewer().queryParam("hierarchyId", "SH5").get("/api/shared-dps").then().extract()
                .jsonPath().getList("items");
        for (Map<String, Object> item : items) {
            String host = ((String) item.get("serverName")).replace(".contoso.com", "");
            assertEquals(expected.get(host), item.get("eligible"), host + ": " + item.get("eligibilityReasons"));
            assertEquals("UPGRADE", item.get("eligibilityKind"));
            assertTrue(!((List<?>) item.get("eligibilityReasons")).isEmpty(), host);
            if (host.equals("sh5-sec2other")) {
                assertTrue(item.get("eligibilityReasons").toString().contains("server share on its site server"), item.toString());
            }
            if (host.equals("sh5-siteserver")) {
                assertTrue(item.get("eligibilityReasons").toString().contains("never eligible"), item.toString());
            }
        }
    }

    @Test
    void malformedEventsGoToTheDeadLetterTopicAndConsumptionGoesOn() throws Exception {
        try (TopicWatcher deadLetters = new TopicWatcher(Topic.DEAD_LETTER.topicName())) {
            String marker = UUID.randomUUID().toString();
            Feed.raw(Topic.DISTRIBUTION_POINTS.topicName(), "x", "{\"type\":\"DistributionPoint\",\"marker\":\"" + marker + "\"");
            Feed.raw(Topic.HIERARCHY.topicName(), "x", "not json " + marker);
            Feed.raw(Topic.JOB_STATUS.topicName(), "x", "{\"type\":\"Unknown\",\"m\":\"" + marker + "\"}");
            // Source objects are consumed in batches: a malformed package record goes alone, the valid one beside it is applied.
            Feed.raw(Topic.SOURCE_OBJECTS.topicName(), "SH6/P61/PACKAGE/P6100009", "{\"type\":\"SourceObject\",\"m\":\"" + marker + "\"}");
            Feed.send(Feed.packageVersion("SH6", "P61", ObjectType.PACKAGE, "P6100001", 4));
            // A record whose key names a type without content is passed over unread, even when it would not decode.
            Feed.raw(Topic.SOURCE_OBJECTS.topicName(), "SH6/P61/COLLECTION/P6100002", "not json " + marker);
            await().atMost(WAIT).until(() -> deadLetters.records().stream().filter(r -> r.value() != null && r.value().contains(marker)).count() == 4);
            Feed.send(hierarchy(Action.SPECIFIED, "SH6", CB, primary("P61", true)));
            dp("SH6", "P61", "sh6-after-poison").hosts("P6100001", 4, 10).send();
            long dpId = ((Number) awaitDp("SH6", "sh6-after-poison", d -> Boolean.TRUE.equals(d.get("shared"))).get("id")).longValue();
            await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/shared-dps/" + dpId + "/content").then().statusCode(200)
                    .body("packages.find { it.packageId == 'P6100001' }.sourceVersion", equalTo(4)));
            assertEquals(4, deadLetters.records().stream().filter(r -> r.value() != null && r.value().contains(marker)).count());
        }
    }
}
