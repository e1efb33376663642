package io.cmmigration.job;

import static io.cmmigration.job.JobTestSupport.awaitJob;
import static io.cmmigration.job.JobTestSupport.createJob;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement, not a test (run with -Dcmm.bench=true -Dcmm.bench.objects=100000 [-Dcmm.bench.runs=3]): an object job over N simple packages
 * written into the destination PostgreSQL, against a plain JDBC batched copy of the same rows in the same run.
 * Prints both rates; asserts only that every object arrived.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
@EnabledIfSystemProperty(named = "cmm.bench", matches = "true")
class JobWriterBench {

    @Test
    void objectJobThroughput() throws Exception {
        int n = Integer.getInteger("cmm.bench.objects", 100_000);
        String attrs = "{\"PackageID\":\"%s\",\"Name\":\"Package %d\",\"Version\":\"1.0\",\"PkgSourcePath\":\"\\\\\\\\src\\\\pkg%d\","
                + "\"programs\":[{\"ProgramName\":\"Install\",\"CommandLine\":\"setup.exe /q\",\"ProgramFlags\":8192}]}";
        // cmm.bench.runs jobs (default 1), each over its own hierarchy of N packages, one after the other in this JVM; the
        // median job rate is reported.
        int runs = Integer.getInteger("cmm.bench.runs", 1);
        List<Double> jobRuns = new java.util.ArrayList<>();
        double planSeconds = 0;
        for (int run = 1; run <= runs; run++) {
            String h = "BEN" + run;
            seed(h, n, attrs);
            long planStart = System.nanoTime();
            String jobId = createJob(Map.of("name", "Bench " + run, "type", "OBJECT", "hierarchyId", h, "selection", Map.of("types", List.of("PACKAGE")),
                    "securityScopes", List.of("Default")));
            planSeconds = (System.nanoTime() - planStart) / 1e9;
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(250)).until(() -> "COMPLETED".equals(
                    io.cmmigration.testsupport.security.TestUsers.viewer().get("/api/jobs/" + jobId).then().extract().jsonPath().getString("status")));
            JsonPath j = awaitJob(jobId, "COMPLETED");
            assertEquals(n, j.getLong("migrated"));
            double s = Duration.between(Instant.parse(j.getString("startedAt")), Instant.parse(j.getString("endedAt"))).toMillis() / 1000.0;
            jobRuns.add(s);
            // The automatic reconciliation runs after the job's end; let it finish so that it does not overlap the next run.
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250)).until(() ->
                    io.cmmigration.testsupport.security.TestUsers.viewer().get("/api/jobs/" + jobId + "/reconciliation").statusCode() == 200);
            System.out.printf("BENCH job run %d (%s): plan+create %.1fs, job %.2fs -> %.0f objects/s%n", run, h, planSeconds, s, n / s);
        }
        double jobSeconds = jobRuns.stream().sorted().toList().get(jobRuns.size() / 2);

        // Baseline: plain JDBC batched copy of the same rows (the documents as the job wrote them) into a scratch table,
        // batches of 1,000 committed each, measured three times right after the job; the median is the baseline.
        List<Map<String, Object>> rows = Destination.rows("SELECT * FROM migrated_object WHERE hierarchy_id = 'BEN1'");
        long copied = rows.size();
        List<Double> copyRuns = new java.util.ArrayList<>();
        // Runs 0-2: the plain copy (a table without keys); run 3: the same copy into a table with migrated_object's keys
        // (primary key and natural-key unique constraint), printed for information.
        for (int run = 0; run < 4; run++) {
            copyRuns.add(Destination.plainCopySeconds(rows, run == 3));
        }
        double keyedSeconds = copyRuns.remove(3);
        System.out.printf("BENCH copy into a table with migrated_object's keys: %.2fs -> %.0f rows/s%n", keyedSeconds, copied / keyedSeconds);
        List<Double> sorted = copyRuns.stream().sorted().toList();
        double copySeconds = sorted.get(1);
        System.out.printf("BENCH copy runs (s): %s%n", copyRuns);
        System.out.printf("BENCH objects=%d plan+create=%.1fs job (median of the runs)=%.2fs -> %.0f objects/s; plain JDBC copy of the same rows (median of 3): %.2fs -> %.0f rows/s; ratio %.2f%n",
                n, planSeconds, jobSeconds, n / jobSeconds, copySeconds, copied / copySeconds, (n / jobSeconds) / (copied / copySeconds));
    }

    private static void seed(String h, int n, String attrs) throws Exception {
        var cfg = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(cfg.getValue("quarkus.datasource.jdbc.url", String.class) + "?reWriteBatchedInserts=true",
                cfg.getValue("quarkus.datasource.username", String.class), cfg.getOptionalValue("quarkus.datasource.password", String.class).orElse(""))) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO catalogue_object (hierarchy_id, object_key, site_code, object_type, source_id, name, "
                    + "attributes, references_json, source_version, fingerprint, event_time, removed, excluded, failed, state, updated_at) "
                    + "VALUES (?, ?, 'BEN', 'PACKAGE', ?, ?, ?, '[]', 1, ?, ?, false, false, false, 'AVAILABLE_TO_MIGRATE', ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (int i = 0; i < n; i++) {
                    String id = String.format("BEN%05X", i);
                    ps.setString(1, h);
                    ps.setString(2, "BEN/PACKAGE/" + id);
                    ps.setString(3, id);
                    ps.setString(4, "Package " + i);
                    ps.setString(5, String.format(attrs, id, i, i));
                    ps.setString(6, "fp-" + id);
                    ps.setTimestamp(7, now);
                    ps.setTimestamp(8, now);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
