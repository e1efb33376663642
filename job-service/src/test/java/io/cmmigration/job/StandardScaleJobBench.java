package io.cmmigration.job;

import static io.cmmigration.job.JobTestSupport.awaitJob;

import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement, not a test (run with -Dcmm.bench=true [-Dcmm.bench.scale=1000]): the object job of the full-system bench
 * at its scale, inside one JVM. The catalogue holds a `standard`-shaped population (per 1,000 of scale: 100 clients,
 * 50 drivers, 20 packages, 20 deployments, 10 collections, 8 software updates, 5 applications, 5 configuration items,
 * 2 task sequences, 2 boundaries, 2 folders, 1 update group, 1 update deployment, boot images; ≈ 226 rows per unit of
 * scale, 226k at the default; documents of ~0.9 KB; required references as gathering records them), written the way
 * ingestion leaves it (type by type, never analyzed: this machine's PostgreSQL runs without autovacuum, as the full
 * system does here). Then one object job over every migratable type runs with the service's own periodic work (job
 * scheduler, catalogue status publisher, outbox relay). Prints the creation time, the job rate, the automatic
 * reconciliation's rate and its ratio to the job rate, the job's phase log line (service log), the service database's
 * table counters (sequential scans, HOT updates) and a plain JDBC batched copy of the same rows (median of 3).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
@EnabledIfSystemProperty(named = "cmm.bench", matches = "true")
class StandardScaleJobBench {

    private static final String H = "STD";
    private static final String PAD = "x".repeat(420);

    @Test
    void objectJobAtStandardScale() throws Exception {
        int scale = Integer.getInteger("cmm.bench.scale", 1000);
        long t0 = System.nanoTime();
        int rows = seed(scale);
        System.out.printf("BENCH scale seeded %d catalogue rows in %.1fs%n", rows, (System.nanoTime() - t0) / 1e9);
        List<String> types = ObjectTypeCatalogue.migratableBy(SourceFamily.CM2012_PLUS, JobType.OBJECT).stream().map(ObjectType::name).toList();
        long c0 = System.nanoTime();
        String jobId = TestUsers.admin().config(io.restassured.RestAssured.config().httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 900_000))).contentType(io.restassured.http.ContentType.JSON).body(Map.of("name", "Standard scale", "type", "OBJECT",
                "hierarchyId", H, "selection", Map.of("types", types), "securityScopes", List.of("Default"), "schedule", Map.of("mode", "NOW")))
                .post("/api/jobs").then().statusCode(201).extract().jsonPath().getString("jobId");
        double createSeconds = (System.nanoTime() - c0) / 1e9;
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(40)).pollInterval(Duration.ofMillis(500)).until(() -> "COMPLETED".equals(
                TestUsers.viewer().get("/api/jobs/" + jobId).then().extract().jsonPath().getString("status")));
        JsonPath j = awaitJob(jobId, "COMPLETED");
        long migrated = j.getLong("migrated");
        Instant ended = Instant.parse(j.getString("endedAt"));
        double jobSeconds = Duration.between(Instant.parse(j.getString("startedAt")), ended).toMillis() / 1000.0;
        double jobRate = migrated / jobSeconds;
        System.out.printf("BENCH scale job %s: %d objects (%d migrated, %d failed, %d skipped), created in %.1fs, ran %.1fs -> %.0f objects/s%n", jobId,
                j.getLong("total"), migrated, j.getLong("failed"), j.getLong("skipped"), createSeconds, jobSeconds, jobRate);
        tableCounters("after the job");
        // The automatic reconciliation (started at the job's end): awaited at most cmm.bench.reconcile-minutes (default 40); one
        // still running then is reported as a bound (and runs on beside the copy baseline, which it slows).
        int reconcileMinutes = Integer.getInteger("cmm.bench.reconcile-minutes", 40);
        double reconcileRate;
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(reconcileMinutes)).pollInterval(Duration.ofMillis(500)).until(() ->
                    TestUsers.viewer().get("/api/jobs/" + jobId + "/reconciliation").statusCode() == 200);
            JsonPath r = TestUsers.viewer().get("/api/jobs/" + jobId + "/reconciliation").then().extract().jsonPath();
            double reconcileSeconds = Duration.between(ended, Instant.parse(r.getString("checkedAt"))).toMillis() / 1000.0;
            long checked = r.getLong("checked");
            reconcileRate = checked / reconcileSeconds;
            System.out.printf("BENCH scale reconciliation: %d checked, %d matching, differences %s, %.1fs -> %.0f objects/s (%.2fx the job rate)%n", checked,
                    r.getLong("matching"), r.getMap("differencesByKind"), reconcileSeconds, reconcileRate, reconcileRate / jobRate);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            reconcileRate = migrated / (reconcileMinutes * 60.0);
            System.out.printf("BENCH scale reconciliation: not done %d min after the job's end (< %.0f objects/s, < %.2fx the job rate)%n", reconcileMinutes,
                    reconcileRate, reconcileRate / jobRate);
        }
        double copy = plainCopy();
        System.out.printf("BENCH scale summary: job %.0f objects/s, plain JDBC copy %.0f rows/s, ratio %.3f; reconciliation %.0f objects/s (%.2fx job); creation %.1fs%n",
                jobRate, copy, jobRate / copy, reconcileRate, reconcileRate / jobRate, createSeconds);
    }

    /** Table counters of the service database (sequential scans, updates, HOT updates, dead rows). */
    private static void tableCounters(String when) throws Exception {
        try (Connection c = service(); PreparedStatement ps = c.prepareStatement("SELECT relname, seq_scan, seq_tup_read, idx_scan, n_tup_upd, n_tup_hot_upd, n_dead_tup, "
                + "pg_total_relation_size(relid) FROM pg_stat_user_tables WHERE relname IN ('catalogue_object', 'job_object', 'catalogue_reference', 'outbox_event') ORDER BY relname");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                System.out.printf("BENCH scale table %s (%s): seq scans %d reading %d rows, index scans %d, updates %d (HOT %d), dead %d, %d MB%n", rs.getString(1), when,
                        rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8) >> 20);
            }
        }
    }

    private static Connection service() throws Exception {
        var cfg = ConfigProvider.getConfig();
        return DriverManager.getConnection(cfg.getValue("quarkus.datasource.jdbc.url", String.class) + "?reWriteBatchedInserts=true",
                cfg.getValue("quarkus.datasource.username", String.class), cfg.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    /** Plain JDBC batched copy of the job's destination rows into a table without keys (Destination.plainCopySeconds); median of 3. */
    private static double plainCopy() throws Exception {
        List<Map<String, Object>> rows = Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = ?", H);
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            rates.add(rows.size() / Destination.plainCopySeconds(rows, false));
        }
        System.out.printf("BENCH scale copy runs (rows/s): %s%n", rates);
        return rates.stream().sorted().toList().get(1);
    }

    /** One catalogue row to seed: type, source id, name, attributes JSON, references (name, type, target id, required). */
    private record Row(ObjectType type, String id, String attributes, List<Object[]> refs) {
    }

    private static int seed(int scale) throws Exception {
        try (Connection c = service()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO source_hierarchy (hierarchy_id, source_family, source_version, destination_site_code, active, updated_at) "
                    + "VALUES (?, 'CM2012_PLUS', '5.00.9106', 'DST', true, ?)")) {
                ps.setString(1, H);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            int folders = 2 * scale;
            int collections = 10 * scale;
            int packages = 20 * scale;
            int bootImages = Math.max(4, scale / 50);
            int updates = 8 * scale;
            int[] n = {0};
            Inserter ins = new Inserter(c);
            for (int i = 0; i < folders; i++) {
                ins.add(new Row(ObjectType.ORGANIZATIONAL_FOLDER, String.format("%d", 16_777_216 + i), "{\"Name\":\"Folder " + i + "\",\"ObjectType\":2}",
                        i < 10 ? List.of() : List.<Object[]>of(new Object[] {"parentFolder", ObjectType.ORGANIZATIONAL_FOLDER, String.format("%d", 16_777_216 + i / 10), false})));
            }
            ins.add(new Row(ObjectType.COLLECTION, "SMS00001", "{\"CollectionID\":\"SMS00001\",\"Name\":\"All Systems\",\"CollectionType\":2,\"IsBuiltIn\":true}", List.of()));
            for (int i = 0; i < collections; i++) {
                String id = String.format("STD%05X", i);
                String limit = i % 10 == 0 ? "SMS00001" : String.format("STD%05X", i - 1);
                ins.add(new Row(ObjectType.COLLECTION, id, "{\"CollectionID\":\"" + id + "\",\"Name\":\"Collection " + i + "\",\"CollectionType\":2,\"LimitToCollectionID\":\""
                        + limit + "\",\"MemberCount\":12,\"Comment\":\"" + PAD + "\",\"queryRules\":[{\"RuleName\":\"Rule " + i
                        + "\",\"QueryExpression\":\"select * from SMS_R_System where Name like 'PC" + i + "%'\"}]}",
                        List.<Object[]>of(new Object[] {"limitingCollection", ObjectType.COLLECTION, limit, true},
                                new Object[] {"folder", ObjectType.ORGANIZATIONAL_FOLDER, String.format("%d", 16_777_216 + i % folders), false})));
            }
            for (int i = 0; i < packages; i++) {
                String id = String.format("STP%05X", i);
                ins.add(new Row(ObjectType.PACKAGE, id, "{\"PackageID\":\"" + id + "\",\"Name\":\"Package " + i + "\",\"Version\":\"1.0\",\"PkgSourcePath\":\"\\\\\\\\src\\\\pkg"
                        + i + "\",\"SourceSite\":\"STD\",\"Description\":\"" + PAD + "\",\"programs\":[{\"ProgramName\":\"Install\",\"CommandLine\":\"setup.exe /q\",\"ProgramFlags\":8192},"
                        + "{\"ProgramName\":\"Uninstall\",\"CommandLine\":\"setup.exe /x /q\",\"ProgramFlags\":8192}]}",
                        List.<Object[]>of(new Object[] {"folder", ObjectType.ORGANIZATIONAL_FOLDER, String.format("%d", 16_777_216 + i % folders), false})));
            }
            for (int i = 0; i < 5 * scale; i++) {
                ins.add(new Row(ObjectType.APPLICATION, String.valueOf(16_000_000 + i), "{\"CI_ID\":" + (16_000_000 + i) + ",\"DisplayName\":\"Application " + i
                        + "\",\"Description\":\"" + PAD + "\",\"deploymentTypes\":[{\"Title\":\"MSI\",\"Technology\":\"MSI\"}]}",
                        i % 2 == 1 ? List.<Object[]>of(new Object[] {"dependsOn", ObjectType.APPLICATION, String.valueOf(16_000_000 + i - 1), true}) : List.of()));
            }
            for (int i = 0; i < bootImages; i++) {
                String id = String.format("STB%05X", i);
                ins.add(new Row(ObjectType.BOOT_IMAGE, id, "{\"PackageID\":\"" + id + "\",\"Name\":\"Boot image " + i + "\",\"Architecture\":" + (i % 2 == 0 ? 9 : 0)
                        + ",\"PkgSourcePath\":\"\\\\\\\\src\\\\boot" + i + "\"}", List.of()));
            }
            for (int i = 0; i < 2 * scale; i++) {
                String id = String.format("STT%05X", i);
                String boot = String.format("STB%05X", i % bootImages);
                ins.add(new Row(ObjectType.TASK_SEQUENCE, id, "{\"PackageID\":\"" + id + "\",\"Name\":\"Task sequence " + i + "\",\"BootImageID\":\"" + boot
                        + "\",\"Description\":\"" + PAD + "\"}", List.<Object[]>of(new Object[] {"bootImage", ObjectType.BOOT_IMAGE, boot, true},
                                new Object[] {"package", ObjectType.PACKAGE, String.format("STP%05X", i % packages), true})));
            }
            for (int i = 0; i < 50 * scale; i++) {
                ins.add(new Row(ObjectType.DRIVER, String.valueOf(17_000_000 + i), "{\"CI_ID\":" + (17_000_000 + i) + ",\"LocalizedDisplayName\":\"Driver " + i
                        + "\",\"DriverProvider\":\"Contoso\",\"DriverClass\":\"Net\",\"ContentSourcePath\":\"\\\\\\\\src\\\\drv" + i + "\",\"Description\":\"" + PAD + "\"}", List.of()));
            }
            for (int i = 0; i < 5 * scale; i++) {
                ins.add(new Row(ObjectType.CONFIGURATION_ITEM, String.valueOf(18_000_000 + i), "{\"CI_ID\":" + (18_000_000 + i) + ",\"LocalizedDisplayName\":\"CI " + i
                        + "\",\"Description\":\"" + PAD + "\"}", List.of()));
            }
            for (int i = 0; i < 2 * scale; i++) {
                ins.add(new Row(ObjectType.BOUNDARY, String.valueOf(19_000_000 + i), "{\"BoundaryID\":" + (19_000_000 + i) + ",\"DisplayName\":\"Boundary " + i
                        + "\",\"BoundaryType\":3,\"Value\":\"10." + (i / 256 % 256) + "." + (i % 256) + ".0-10." + (i / 256 % 256) + "." + (i % 256) + ".255\"}", List.of()));
            }
            for (int i = 0; i < 20 * scale; i++) {
                String id = String.format("STD-DEP-%06d", i);
                String coll = String.format("STD%05X", i % collections);
                ins.add(new Row(ObjectType.DEPLOYMENT, id, "{\"AssignmentID\":\"" + id + "\",\"SoftwareName\":\"Deployment " + i + "\",\"CollectionID\":\"" + coll
                        + "\",\"Description\":\"" + PAD + "\"}", List.<Object[]>of(new Object[] {"collection", ObjectType.COLLECTION, coll, true},
                                new Object[] {"package", ObjectType.PACKAGE, String.format("STP%05X", i % packages), true})));
            }
            for (int i = 0; i < 100 * scale; i++) {
                ins.add(new Row(ObjectType.CLIENT, String.valueOf(20_000_000 + i), "{\"ResourceID\":" + (20_000_000 + i) + ",\"Netbios_Name0\":\"PC" + i
                        + "\",\"SMS_Unique_Identifier0\":\"GUID:" + UUID.nameUUIDFromBytes(("client" + i).getBytes()) + "\",\"Client0\":1,\"Operating_System_Name_and0\":"
                        + "\"Microsoft Windows NT Workstation 10.0\",\"assignedSites\":[{\"SMS_Assigned_Sites0\":\"STD\"}],\"Description\":\"" + PAD + "\"}", List.of()));
            }
            for (int i = 0; i < updates; i++) {
                ins.add(new Row(ObjectType.SOFTWARE_UPDATE, String.valueOf(21_000_000 + i), "{\"CI_ID\":" + (21_000_000 + i) + ",\"ArticleID\":\"" + (4_000_000 + i)
                        + "\",\"Description\":\"" + PAD + "\"}", List.of()));
            }
            for (int i = 0; i < scale; i++) {
                ins.add(new Row(ObjectType.SOFTWARE_UPDATE_GROUP, String.valueOf(22_000_000 + i), "{\"CI_ID\":" + (22_000_000 + i) + ",\"LocalizedDisplayName\":\"Group "
                        + i + "\"}", List.<Object[]>of(new Object[] {"softwareUpdate", ObjectType.SOFTWARE_UPDATE, String.valueOf(21_000_000 + (i * 8) % updates), false})));
            }
            for (int i = 0; i < scale; i++) {
                String id = String.format("{%s}", UUID.nameUUIDFromBytes(("sud" + i).getBytes()));
                String coll = String.format("STD%05X", i % collections);
                ins.add(new Row(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT, id, "{\"AssignmentID\":" + i + ",\"AssignmentName\":\"Update deployment " + i + "\",\"CollectionID\":\""
                        + coll + "\"}", List.<Object[]>of(new Object[] {"collection", ObjectType.COLLECTION, coll, true})));
            }
            n[0] = ins.finish();
            c.commit();
            return n[0];
        }
    }

    /** Batched inserts of catalogue rows and their reference rows, as ingestion writes them. */
    private static final class Inserter {
        private final PreparedStatement obj;
        private final PreparedStatement ref;
        private final Timestamp now = Timestamp.from(Instant.now());
        private int n;

        Inserter(Connection c) throws Exception {
            obj = c.prepareStatement("INSERT INTO catalogue_object (hierarchy_id, object_key, site_code, object_type, source_id, name, attributes, references_json, "
                    + "source_version, fingerprint, event_time, removed, excluded, failed, state, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, false, false, false, 'AVAILABLE_TO_MIGRATE', ?)");
            ref = c.prepareStatement("INSERT INTO catalogue_reference (hierarchy_id, from_key, ref_name, to_key, target_type, required) VALUES (?, ?, ?, ?, ?, ?)");
        }

        void add(Row r) throws Exception {
            String key = H + "/" + r.type() + "/" + r.id();
            StringBuilder refs = new StringBuilder("[");
            for (Object[] x : r.refs()) {
                ObjectType t = (ObjectType) x[1];
                if (refs.length() > 1) {
                    refs.append(',');
                }
                refs.append("{\"name\":\"").append(x[0]).append("\",\"targetType\":\"").append(t).append("\",\"targetSiteCode\":\"").append(H)
                        .append("\",\"targetId\":\"").append(x[2]).append("\",\"required\":").append(x[3]).append('}');
                ref.setString(1, H);
                ref.setString(2, key);
                ref.setString(3, (String) x[0]);
                ref.setString(4, H + "/" + t + "/" + x[2]);
                ref.setString(5, t.name());
                ref.setBoolean(6, (Boolean) x[3]);
                ref.addBatch();
            }
            refs.append(']');
            obj.setString(1, H);
            obj.setString(2, key);
            obj.setString(3, H);
            obj.setString(4, r.type().name());
            obj.setString(5, r.id());
            obj.setString(6, r.type() + " " + r.id());
            obj.setString(7, r.attributes());
            obj.setString(8, refs.toString());
            obj.setString(9, "fp-" + r.type() + "-" + r.id());
            obj.setTimestamp(10, now);
            obj.setTimestamp(11, now);
            obj.addBatch();
            if (++n % 1000 == 0) {
                obj.executeBatch();
                ref.executeBatch();
            }
        }

        int finish() throws Exception {
            obj.executeBatch();
            ref.executeBatch();
            return n;
        }
    }
}
