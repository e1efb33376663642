package io.cmmigration.job;

import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.security.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement, not a test (run with -Dcmm.bench=true -Dcmm.bench.create-objects=200000): creating one object job over a
 * whole catalogue of N objects with required references (collections limited by collections, deployments of packages to
 * collections, applications depending on applications), the shape that makes planning work (dependency closure, depth).
 * Creates it twice (the first warms the JVM), deleting it in between, and prints both durations; the service logs the
 * phase split of each creation.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
@EnabledIfSystemProperty(named = "cmm.bench", matches = "true")
class JobCreationBench {

    @Test
    void creatingAJobOfAWholeCatalogue() throws Exception {
        int n = Integer.getInteger("cmm.bench.create-objects", 200_000);
        String h = "CRE";
        seed(h, n);
        for (int run = 1; run <= 2; run++) {
            long t0 = System.nanoTime();
            String jobId = TestUsers.admin().config(io.restassured.RestAssured.config().httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 900_000))).contentType(io.restassured.http.ContentType.JSON).body(Map.of("name", "Create " + run, "type", "OBJECT", "hierarchyId", h,
                    "selection", Map.of("types", List.of("COLLECTION", "PACKAGE", "DEPLOYMENT", "APPLICATION")),
                    "securityScopes", List.of("Default"), "schedule", Map.of("mode", "DO_NOT_RUN")))
                    .post("/api/jobs").then().statusCode(201).extract().jsonPath().getString("jobId");
            double s = (System.nanoTime() - t0) / 1e9;
            long total = TestUsers.viewer().get("/api/jobs/" + jobId).then().extract().jsonPath().getLong("total");
            System.out.printf("BENCH create run %d: job of %d objects created in %.1fs -> %.0f objects/s%n", run, total, s, total / s);
            TestUsers.admin().delete("/api/jobs/" + jobId).then().statusCode(204);
        }
    }

    /** N objects: 10 % collections (each limited by the previous one in a chain of ten, the first by SMS00001), 40 % packages,
     * 30 % deployments (package to collection), 20 % applications (every second one depending on the one before). */
    private static void seed(String h, int n) throws Exception {
        var cfg = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(cfg.getValue("quarkus.datasource.jdbc.url", String.class) + "?reWriteBatchedInserts=true",
                cfg.getValue("quarkus.datasource.username", String.class), cfg.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement obj = c.prepareStatement("INSERT INTO catalogue_object (hierarchy_id, object_key, site_code, object_type, source_id, name, "
                        + "attributes, references_json, source_version, fingerprint, event_time, removed, excluded, failed, state, updated_at) "
                        + "VALUES (?, ?, 'CRE', ?, ?, ?, '{}', '[]', 1, ?, ?, false, false, false, 'AVAILABLE_TO_MIGRATE', ?)");
                PreparedStatement ref = c.prepareStatement("INSERT INTO catalogue_reference (hierarchy_id, from_key, ref_name, to_key, target_type, required) "
                        + "VALUES (?, ?, ?, ?, ?, true)")) {
            c.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            int collections = Math.max(1, n / 10);
            int packages = n * 4 / 10;
            int deployments = n * 3 / 10;
            int applications = n - collections - packages - deployments;
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"COLLECTION", "SMS00001", null, null, null, null});
            for (int i = 0; i < collections - 1; i++) {
                String limit = i % 10 == 0 ? "SMS00001" : String.format("CRE%05X", i - 1);
                rows.add(new String[] {"COLLECTION", String.format("CRE%05X", i), "limitingCollection", "COLLECTION", limit, null});
            }
            for (int i = 0; i < packages; i++) {
                rows.add(new String[] {"PACKAGE", String.format("P%06X", i), null, null, null, null});
            }
            for (int i = 0; i < deployments; i++) {
                rows.add(new String[] {"DEPLOYMENT", String.format("D%06X", i), "package", "PACKAGE", String.format("P%06X", i % packages),
                        String.format("CRE%05X", i % Math.max(1, collections - 1))});
            }
            for (int i = 0; i < applications; i++) {
                rows.add(new String[] {"APPLICATION", String.valueOf(16_000_000 + i), i % 2 == 1 ? "dependsOn" : null, "APPLICATION",
                        String.valueOf(16_000_000 + i - 1), null});
            }
            int k = 0;
            for (String[] r : rows) {
                String key = "CRE/" + r[0] + "/" + r[1];
                obj.setString(1, h);
                obj.setString(2, key);
                obj.setString(3, r[0]);
                obj.setString(4, r[1]);
                obj.setString(5, r[0] + " " + r[1]);
                obj.setString(6, "fp-" + r[1]);
                obj.setTimestamp(7, now);
                obj.setTimestamp(8, now);
                obj.addBatch();
                if (r[2] != null) {
                    addRef(ref, h, key, r[2], r[3], r[4]);
                }
                if (r[5] != null) {
                    addRef(ref, h, key, "collection", "COLLECTION", r[5]);
                }
                if (++k % 1000 == 0) {
                    obj.executeBatch();
                    ref.executeBatch();
                }
            }
            obj.executeBatch();
            ref.executeBatch();
            c.commit();
        }
    }

    private static void addRef(PreparedStatement ref, String h, String from, String name, String type, String targetId) throws Exception {
        ref.setString(1, h);
        ref.setString(2, from);
        ref.setString(3, name);
        ref.setString(4, "CRE/" + type + "/" + targetId);
        ref.setString(5, type);
        ref.addBatch();
    }
}
