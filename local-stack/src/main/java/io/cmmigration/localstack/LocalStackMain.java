package io.cmmigration.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.Size;
import io.cmmigration.simulator.SourceSiteSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * The local run: embedded PostgreSQL (or the machine's), a real KRaft broker, two simulated demo source hierarchies
 * (current branch "CB1" and 2007 SP2 "S07"), the four services, a guided demo, and a clean stop on Ctrl-C.
 */
public final class LocalStackMain {

    static final Map<String, Integer> PORTS = Map.of("monitoring-service", 8080, "gathering-service", 8081, "job-service", 8082,
            "dp-share-service", 8083);
    static final int KAFKA_PORT = 19092;
    static final int EMBEDDED_PG_PORT = 15432;

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean demo = !List.of(args).contains("--no-demo");
        boolean machinePg = List.of(args).contains("--machine-postgres");
        long t0 = System.nanoTime();
        Path root = MigrationStack.defaultProjectRoot();
        Path work = root.resolve("local-stack/work");
        Files.createDirectories(work);
        List<AutoCloseable> resources = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping everything ...");
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    say("  (while stopping: " + e.getMessage() + ")");
                }
            }
            say("stopped; all ports are free.");
            stopped.countDown();
        }, "local-stack-stop"));

        step("database", machinePg ? "using the machine's PostgreSQL at 127.0.0.1:5432" : "starting embedded PostgreSQL on port " + EMBEDDED_PG_PORT);
        DatabaseServer db = machinePg ? DatabaseServer.machine() : DatabaseServer.embedded(work.resolve("postgres"), EMBEDDED_PG_PORT);
        resources.add(db);

        step("sources", "creating simulated source hierarchies: CB1 (current branch) and S07 (Configuration Manager 2007 SP2)");
        SimulatedHierarchy cb = SourceSiteSimulator.builder().version(SourceVersion.CURRENT_BRANCH).topSiteCode("CB1").size(Size.DEMO).seed(1)
                .create(db.url("postgres"), db.user(), db.password(), "cmm_demo_cb1");
        if (machinePg) {
            resources.add(cb::drop);
        }
        SimulatedHierarchy s07 = SourceSiteSimulator.builder().version(SourceVersion.CM2007_SP2).topSiteCode("S07").size(Size.DEMO).seed(2)
                .create(db.url("postgres"), db.user(), db.password(), "cmm_demo_s07");
        if (machinePg) {
            resources.add(s07::drop);
        }

        step("services", "starting Kafka (KRaft, port " + KAFKA_PORT + ") and the four services ...");
        MigrationStack stack = new MigrationStack(root, work, db, PORTS, KAFKA_PORT);
        if (!machinePg) {
            stack.keepDatabasesOnClose();
        }
        resources.add(stack);
        stack.start();
        long readyMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();

        say("");
        say("================ the migration platform is ready (" + readyMs / 1000.0 + " s) ================");
        say("  Dashboard            http://localhost:8080/");
        say("  Job API + Swagger UI http://localhost:8082/api   http://localhost:8082/q/swagger-ui");
        say("  Gathering API        http://localhost:8081/api   http://localhost:8081/q/swagger-ui");
        say("  DP sharing API       http://localhost:8083/api   http://localhost:8083/q/swagger-ui");
        say("  Kafka                127.0.0.1:" + KAFKA_PORT + "   PostgreSQL " + db.host() + ":" + db.port() + " (user " + db.user() + ")");
        say("  Credentials          admin / admin (Infrastructure Administrator)   viewer / viewer (read only)");
        say("  Logs                 " + work);
        say("  Source databases     CB1: " + cb.databases() + "   S07: " + s07.databases());
        say("Press Ctrl-C to stop everything.");
        say("");

        if (demo) {
            guidedDemo(stack, db, cb);
        }
        stopped.await();
    }

    /** Specify source hierarchy → gathering → create and run a migration job → done. */
    static void guidedDemo(MigrationStack stack, DatabaseServer db, SimulatedHierarchy cb) {
        try {
            Api gathering = new Api(stack.url("gathering-service"), "admin", "admin");
            Api jobs = new Api(stack.url("job-service"), "admin", "admin");
            step("demo 1/4", "storing the source database password as a secret and specifying source hierarchy CB1");
            gathering.put("/api/secrets/cb1-db", Map.of("value", db.password().isEmpty() ? "not-needed" : db.password()), 204);
            String jdbc = cb.databases().get("CB1");
            gathering.post("/api/hierarchies", Map.of("topSite", Map.of("server", "cb1.contoso.com", "jdbcUrl", jdbc,
                    "databaseAccount", Map.of("username", db.user(), "passwordRef", "secret:cb1-db"),
                    "providerAccount", Map.of("username", "CONTOSO\\migration", "passwordRef", "secret:cb1-db")),
                    "destinationSiteCode", "DST", "gatheringIntervalMinutes", 240, "dpSharing", true), 201);
            step("demo 2/4", "data gathering runs (watch it on the dashboard) ...");
            // Wait for the gathering run to finish (status 1, Ready) and for job-service's catalogue to stop growing.
            waitFor(Duration.ofMinutes(3), () -> gathering.get("/api/hierarchies/CB1").path("sites").path(0).path("statusCode").asInt() == 1);
            long[] last = {-1};
            waitFor(Duration.ofMinutes(3), () -> {
                long total = jobs.get("/api/objects?hierarchyId=CB1&size=1").path("total").asLong();
                boolean stable = total > 0 && total == last[0];
                last[0] = total;
                return stable;
            });
            say("  catalogue: " + jobs.get("/api/objects?hierarchyId=CB1&size=1").path("total").asLong() + " objects available to migrate");
            step("demo 3/4", "creating an object migration job for all collections and packages of CB1");
            JsonNode job = jobs.post("/api/jobs", Map.of("name", "Demo: collections and packages", "type", "OBJECT", "hierarchyId", "CB1",
                    "selection", Map.of("types", List.of("COLLECTION", "PACKAGE")), "securityScopes", List.of("Default"),
                    "schedule", Map.of("mode", "NOW")), 201);
            String jobId = job.path("jobId").asText();
            waitFor(Duration.ofMinutes(3), () -> {
                String status = jobs.get("/api/jobs/" + jobId).path("status").asText();
                return status.equals("COMPLETED") || status.equals("FAILED");
            });
            JsonNode done = jobs.get("/api/jobs/" + jobId);
            step("demo 4/4", "job " + jobId + " " + done.path("status").asText() + ": " + done.path("migrated").asLong() + " migrated, "
                    + done.path("failed").asLong() + " failed, " + done.path("skipped").asLong() + " skipped of " + done.path("total").asLong());
            say("Demo done. Explore the dashboard at http://localhost:8080/ (admin / admin). Ctrl-C stops everything.");
        } catch (RuntimeException e) {
            say("The guided demo stopped: " + e.getMessage());
            say("The system keeps running; see the logs in " + stack.workDir());
        }
    }

    static void waitFor(Duration timeout, BooleanSupplier condition) {
        waitFor(timeout, Duration.ofSeconds(1), condition);
    }

    /** Polls until the condition holds; a REST call that fails meanwhile counts as "not yet" (services catch up). */
    public static void waitFor(Duration timeout, Duration poll, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (Api.ApiException notYet) {
                // the service may still be catching up
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new Api.ApiException("timed out after " + timeout);
    }

    static void step(String what, String text) {
        say(String.format("[%-9s] %s", what, text));
    }

    static void say(String text) {
        System.out.println(text);
        System.out.flush();
    }
}
