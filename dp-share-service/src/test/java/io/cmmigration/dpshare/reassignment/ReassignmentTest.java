package io.cmmigration.dpshare.reassignment;

import static io.cmmigration.dpshare.support.Feed.dp;
import static io.cmmigration.dpshare.support.Feed.hierarchy;
import static io.cmmigration.dpshare.support.Feed.primary;
import static io.cmmigration.dpshare.support.Feed.secondary;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cmmigration.dpshare.support.Feed;
import io.cmmigration.dpshare.support.TopicWatcher;
import io.cmmigration.events.DpStatusEvent;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.HierarchyEvent.Action;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The queue of DP moves: validation, states, free-disk check, lost content, secondary sites, restart (the limit: {@link ReassignmentConcurrencyTest}). */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "dpshare"))
class ReassignmentTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CB = "5.00.9128";
    private static final String V2007 = "CM2007_SP2";

    @Inject
    RecordingSiteServerOperations operations;

    @Inject
    AgroalDataSource dataSource;

    /** Sends the DPs and waits until all are shared; returns their ids by host. */
    static Map<String, Long> sharedDps(String hierarchyId, List<Feed.Dp> dps) {
        dps.forEach(Feed.Dp::send);
        Map<String, Long> ids = new HashMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<Map<String, Object>> items = TestUsers.viewer().queryParam("hierarchyId", hierarchyId).queryParam("shared", true)
                    .queryParam("size", 1000).get("/api/shared-dps").then().statusCode(200).extract().jsonPath().getList("items");
            items.forEach(i -> ids.put(((String) i.get("serverName")).replace(".contoso.com", ""), ((Number) i.get("id")).longValue()));
            return ids.size() >= dps.size();
        });
        return ids;
    }

    static long queue(long dpId, String destination, String drive) {
        Map<String, Object> body = new HashMap<>();
        body.put("dpId", dpId);
        body.put("destinationSiteCode", destination);
        if (drive != null) {
            body.put("drive", drive);
        }
        return TestUsers.admin().contentType(ContentType.JSON).body(body).post("/api/reassignments").then().statusCode(201)
                .body("state", equalTo("QUEUED")).extract().jsonPath().getLong("id");
    }

    static Map<String, Object> reassignment(long id) {
        return TestUsers.viewer().get("/api/reassignments/" + id).then().statusCode(200).extract().jsonPath().getMap("");
    }

    /**
     * A replica dies in the middle of the queue: its leases expire and another worker resumes each move from its recorded
     * state. Simulated by handing the leases of every move in flight to a dead owner (and one move left behind in
     * INSTALLING_IN_DESTINATION by a replica that crashed before this one started). Every move completes exactly once.
     */
    @Test
    void movesInterruptedByADeadReplicaResumeFromTheirStateAndCompleteExactlyOnce() throws Exception {
        try (TopicWatcher dpStatus = new TopicWatcher(Topic.DP_STATUS.topicName())) {
            Feed.send(hierarchy(Action.SPECIFIED, "RST", CB, primary("R01", true)));
            List<Feed.Dp> dps = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                dps.add(dp("RST", "R01", String.format("rst-dp%02d", i)));
            }
            for (String c : List.of("rst-crashed-a", "rst-crashed-b", "rst-crashed-c")) {
                dps.add(dp("RST", "R01", c));
            }
            Map<String, Long> ids = sharedDps("RST", dps);
            // Left behind by a replica that died before this one started: (a) after uninstalling, before installing;
            // (b) after the uninstall operation but before recording the state change; (c) right after starting.
            List<Long> crashed = List.of(900_000_001L, 900_000_002L, 900_000_003L);
            seedCrashed(crashed.get(0), ids.remove("rst-crashed-a"), "INSTALLING_IN_DESTINATION", true);
            seedCrashed(crashed.get(1), ids.remove("rst-crashed-b"), "UNINSTALLING_FROM_SOURCE", true);
            seedCrashed(crashed.get(2), ids.remove("rst-crashed-c"), "UNINSTALLING_FROM_SOURCE", false);
            List<Long> queued = new ArrayList<>();
            ids.values().forEach(id -> queued.add(queue(id, "DS2", null)));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> count(
                    "select count(*) from dp_reassignment where hierarchy_id = 'RST' and state in ('UNINSTALLING_FROM_SOURCE', 'INSTALLING_IN_DESTINATION')"
                            + " and lease_owner <> 'dead-replica'") >= 1);
            int stolen;
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                stolen = st.executeUpdate("update dp_reassignment set lease_owner = 'dead-replica', lease_expires_at = now() - interval '1 second'"
                        + " where hierarchy_id = 'RST' and state not in ('COMPLETED', 'FAILED') and lease_owner is not null");
            }
            assertTrue(stolen >= 1, "moves in flight when the replica died: " + stolen);
            await().atMost(WAIT).until(() -> count("select count(*) from dp_reassignment where hierarchy_id = 'RST' and state = 'COMPLETED'") == 23);
            assertEquals(0, count("select count(*) from dp_reassignment where hierarchy_id = 'RST' and state = 'FAILED'"));
            assertEquals(23, count("select count(*) from dp_move where hierarchy_id = 'RST'"));
            assertEquals(46, count("select count(*) from dp_move_step s join dp_reassignment r on r.id = s.reassignment_id where r.hierarchy_id = 'RST'"));
            assertEquals(2, count("select count(*) from dp_move_step where reassignment_id in (900000001, 900000002) and performed_by = 'dead-replica'"),
                    "the steps done before the crash are not done again");
            assertEquals(0, count("select count(*) from dp_move_step where reassignment_id = 900000003 and performed_by = 'dead-replica'"));
            assertTrue(count("select count(*) from dp_reassignment where hierarchy_id = 'RST' and attempts > 1") >= stolen,
                    "resumed moves were claimed again");
            // Exactly one REASSIGNED announcement per DP: never both (twice) nor neither.
            await().atMost(WAIT).until(() -> reassignedAnnouncements(dpStatus).size() == 23);
            Thread.sleep(1500); // let any duplicate arrive
            Map<String, Long> perDp = new HashMap<>();
            reassignedAnnouncements(dpStatus).forEach(n -> perDp.merge(n, 1L, Long::sum));
            assertEquals(23, perDp.size());
            assertTrue(perDp.values().stream().allMatch(v -> v == 1L), perDp.toString());
        }
    }

    private void seedCrashed(long id, long dpId, String state, boolean uninstallDone) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("insert into dp_reassignment (id, dp_id, hierarchy_id, site_code, nal_path, server_name, kind, destination_site_code,"
                    + " on_secondary_site_server, package_count, state, lost_package_count, requested_by, requested_at, started_at, updated_at,"
                    + " lease_owner, lease_expires_at, attempts) select " + id + ", id, hierarchy_id, site_code, nal_path, server_name,"
                    + " 'REASSIGNMENT', 'DS2', false, 0, '" + state + "', 0, 'admin', now(), now(), now(), 'dead-replica',"
                    + " now() - interval '1 minute', 1 from distribution_point where id = " + dpId);
            if (uninstallDone) {
                st.executeUpdate("insert into dp_move_step (id, reassignment_id, step, detail, performed_by, performed_at) values"
                        + " (" + id + ", " + id + ", 'UNINSTALL_FROM_SOURCE', 'done before the crash', 'dead-replica', now())");
            }
        }
    }

    private static List<String> reassignedAnnouncements(TopicWatcher w) {
        return w.records().stream().map(r -> EventCodec.decode(r.value(), DpStatusEvent.class))
                .filter(e -> e.hierarchyId().equals("RST") && "REASSIGNED".equals(e.state())).map(DpStatusEvent::nalPath).toList();
    }

    @Test
    void a2007UpgradeConvertsContentReportsLostPackagesAndChecksFreeDisk() {
        Feed.send(hierarchy(Action.SPECIFIED, "UPG", V2007, primary("U01", true), secondary("U02", "U01")));
        Feed.send(Feed.packageVersion("UPG", "U01", ObjectType.PACKAGE, "U0100001", 3));
        Feed.send(Feed.migrated("UPG", "U01", ObjectType.PACKAGE, "U0100001"));
        Map<String, Long> ids = sharedDps("UPG", List.of(
                dp("UPG", "U01", "upg-ok").hosts("U0100001", 3, 500).hosts("U0100002", 1, 200).free(1000L),
                dp("UPG", "U01", "upg-full").hosts("U0100001", 3, 500).free(100L),
                dp("UPG", "U01", "upg-share").type("SERVER_SHARE"),
                dp("UPG", "U02", "upg-secserver").onSecondarySiteServer().roles("SMS Management Point"),
                dp("UPG", "U02", "upg-secother")));
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/shared-dps/" + ids.get("upg-ok")).then()
                .body("availablePackages", equalTo(1)));

        long ok = queue(ids.get("upg-ok"), "DS3", null);
        await().atMost(WAIT).until(() -> "COMPLETED".equals(reassignment(ok).get("state")));
        Map<String, Object> done = reassignment(ok);
        assertEquals("UPGRADE", done.get("kind"));
        assertEquals(List.of("U0100002"), done.get("lostPackages"), "content not migrated before the upgrade is lost");
        List<Map<String, Object>> moves = TestUsers.viewer().queryParam("hierarchyId", "UPG").get("/api/dp-moves").then().extract().jsonPath().getList("");
        assertEquals(List.of("UNINSTALL_FROM_SOURCE", "INSTALL_IN_DESTINATION", "CONVERT_CONTENT"),
                ((List<Map<String, Object>>) moves.get(0).get("steps")).stream().map(s -> s.get("step")).toList());
        TestUsers.viewer().get("/api/shared-dps/" + ids.get("upg-ok")).then().body("state", equalTo("REASSIGNED"))
                .body("eligibilityReasons[0]", containsString("Already moved"));

        long full = queue(ids.get("upg-full"), "DS3", null);
        await().atMost(WAIT).until(() -> "FAILED".equals(reassignment(full).get("state")));
        assertTrue(((String) reassignment(full).get("failureReason")).contains("100 MB free, the largest package (U0100001) needs 500 MB"));
        TestUsers.viewer().get("/api/shared-dps/" + ids.get("upg-full")).then().body("shared", equalTo(true));

        // A server share needs a drive for its content library.
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("upg-share"), "destinationSiteCode", "DS3"))
                .post("/api/reassignments").then().statusCode(422).body("detail", containsString("choose the drive"));
        long share = queue(ids.get("upg-share"), "DS3", "e");
        await().atMost(WAIT).until(() -> "COMPLETED".equals(reassignment(share).get("state")));
        assertEquals("E:", reassignment(share).get("drive"));

        // Upgrading the DP on the secondary site server uninstalls the secondary: its other DP is orphaned.
        long sec = queue(ids.get("upg-secserver"), "DS3", null);
        await().atMost(WAIT).until(() -> "COMPLETED".equals(reassignment(sec).get("state")));
        await().atMost(WAIT).untilAsserted(() -> TestUsers.viewer().get("/api/shared-dps/" + ids.get("upg-secother")).then()
                .body("state", equalTo("ORPHANED")).body("shared", equalTo(false)).body("eligible", equalTo(false)));
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("upg-secother"), "destinationSiteCode", "DS3"))
                .post("/api/reassignments").then().statusCode(422);
    }

    @Test
    void requestsAreValidatedWithProblemDetails() {
        Feed.send(hierarchy(Action.SPECIFIED, "VAL", CB, primary("V01", true)));
        Map<String, Long> ids = sharedDps("VAL", List.of(dp("VAL", "V01", "val-ok"), dp("VAL", "V01", "val-roles").roles("SMS Management Point")));
        dp("VAL", "V01", "val-netbios").netbiosOnly().send();
        TestUsers.anonymous().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("val-ok"), "destinationSiteCode", "DS4"))
                .post("/api/reassignments").then().statusCode(401);
        TestUsers.viewer().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("val-ok"), "destinationSiteCode", "DS4"))
                .post("/api/reassignments").then().statusCode(403);
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("destinationSiteCode", "TOOLONG"))
                .post("/api/reassignments").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("dpId", "destinationSiteCode"));
        TestUsers.admin().contentType(ContentType.JSON).body("{\"dpId\": ").post("/api/reassignments").then().statusCode(400);
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("dpId", 987654321, "destinationSiteCode", "DS4"))
                .post("/api/reassignments").then().statusCode(404);
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("val-roles"), "destinationSiteCode", "DS4"))
                .post("/api/reassignments").then().statusCode(422).body("detail", containsString("other site system roles"));
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("val-ok"), "destinationSiteCode", "V01"))
                .post("/api/reassignments").then().statusCode(422).body("detail", containsString("site of source hierarchy"));
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("val-ok"), "destinationSiteCode", "DS4", "drive", "E:"))
                .post("/api/reassignments").then().statusCode(400);
        long first = queue(ids.get("val-ok"), "DS4", null);
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("val-ok"), "destinationSiteCode", "DS4"))
                .post("/api/reassignments").then().statusCode(409);
        await().atMost(WAIT).until(() -> "COMPLETED".equals(reassignment(first).get("state")));
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("dpId", ids.get("val-ok"), "destinationSiteCode", "DS4"))
                .post("/api/reassignments").then().statusCode(409).body("detail", containsString("already moved"));
        TestUsers.viewer().queryParam("state", "bogus").get("/api/reassignments").then().statusCode(400);
        TestUsers.viewer().get("/api/reassignments/123456789").then().statusCode(404);
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
