package io.cmmigration.systemtests;

import static io.cmmigration.systemtests.Sys.await;
import static io.cmmigration.systemtests.Sys.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.localstack.MigrationStack;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.Size;
import io.cmmigration.simulator.SourceSiteSimulator;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failure drills over the real processes: kill -9 of a service at a bad moment, the broker killed and restarted in the
 * middle of a gathering, the source database gone. After each drill nothing is lost and nothing is duplicated: the
 * catalogue holds exactly the manifest's objects, the destination exactly the source rows of the migrated types (each
 * natural key once), the job's counters add up to the rows it wrote and job-service's reconciliation is clean. Each
 * drill has its own simulated source hierarchy (own site codes).
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureDrillSystemTest {

    static final List<ObjectType> JOB_TYPES = List.of(ObjectType.COLLECTION, ObjectType.PACKAGE, ObjectType.DRIVER,
            ObjectType.CONFIGURATION_ITEM, ObjectType.APPLICATION, ObjectType.BOUNDARY);
    static final List<ObjectType> CHECK_TYPES = List.of(ObjectType.COLLECTION, ObjectType.PACKAGE);

    static final List<SimulatedHierarchy> sources = new ArrayList<>();
    static SimulatedHierarchy jobDrill;
    static SimulatedHierarchy gatheringDrill;
    static SimulatedHierarchy brokerDrill;
    static SimulatedHierarchy sourceDownDrill;

    @BeforeAll
    static void createSources() {
        jobDrill = create("DJ1", Size.DEMO, Map.of(), 31);
        // Many clients: the client phase of gathering lasts long enough to be interrupted.
        gatheringDrill = create("DG1", Size.DEMO, Map.of(ObjectType.CLIENT, 10_000), 32);
        brokerDrill = create("DB1", Size.DEMO, Map.of(ObjectType.CLIENT, 10_000), 33);
        sourceDownDrill = create("DS1", Size.TINY, Map.of(), 34);
    }

    static SimulatedHierarchy create(String top, Size size, Map<ObjectType, Integer> counts, long seed) {
        SourceSiteSimulator b = SourceSiteSimulator.builder().version(SourceVersion.CURRENT_BRANCH).topSiteCode(top).primaries()
                .secondaries(top.substring(0, 2) + "S").size(size).seed(seed);
        if (!counts.isEmpty()) {
            b.counts(counts);
        }
        SimulatedHierarchy h = b.create(Sys.DB.url("postgres"), Sys.DB.user(), Sys.DB.password(), "cmm_sys_drill");
        sources.add(h);
        return h;
    }

    @AfterAll
    static void dropSources() {
        sources.forEach(SimulatedHierarchy::drop);
    }

    static MigrationStack stack() {
        return Sys.stack();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(Map<String, Object> move) {
        return (List<Map<String, Object>>) move.get("steps");
    }

    @Test
    @Order(1)
    void jobServiceKilledMidJobResumesAfterRestartAndCompletesExactly() throws Exception {
        String h = Sys.specify(jobDrill, false);
        Sys.awaitReady(h, null, Duration.ofMinutes(3));
        Sys.awaitCatalogueMatches(h, jobDrill, Duration.ofMinutes(2));

        String jobId = Sys.createJob(Sys.job("Drill: kill -9 job-service", "OBJECT", h, Map.of("types", JOB_TYPES.stream().map(Enum::name).toList())));
        long[] atKill = new long[2];
        org.awaitility.Awaitility.await("job has written its first chunk").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
            JsonPath j = Sys.jobView(jobId);
            atKill[0] = j.getLong("migrated");
            atKill[1] = j.getLong("total");
            return "RUNNING".equals(j.getString("status")) && atKill[0] > 0;
        });
        stack().service("job-service").kill();
        assertTrue(atKill[0] < atKill[1], "killed in the middle: " + atKill[0] + " of " + atKill[1]);
        long[] partial = Sys.destinationCounts(h);
        assertTrue(partial[0] < atKill[1], "the destination was partly written when job-service died: " + partial[0]);

        stack().restart("job-service");
        JsonPath job = Sys.awaitJobCompleted(jobId, Duration.ofMinutes(4));
        assertEquals(atKill[1], job.getLong("total"), "the job kept its objects");
        Sys.verifyDestination(h, jobDrill, JOB_TYPES, job);
        // The status events the job sent before and after the kill reach the dashboard: same counts, Completed.
        await("monitoring shows the resumed job completed", Duration.ofSeconds(60), () -> {
            JsonPath m = get("monitoring-service", "/api/jobs/" + jobId);
            return "COMPLETED".equals(m.getString("status")) && m.getLong("migrated") == job.getLong("migrated")
                    && m.getLong("failed") == job.getLong("failed") && m.getLong("total") == job.getLong("total");
        });
        // Per object too: the events of the chunk that was redone after the kill are not counted twice.
        await("monitoring's objects of the job", Duration.ofSeconds(60), () -> {
            JsonPath o = get("monitoring-service", "/api/jobs/" + jobId + "/objects?size=1");
            return o.getLong("countsByStatus.COMPLETED") == job.getLong("migrated") && o.getLong("countsByStatus.FAILED") == job.getLong("failed");
        });
    }

    @Test
    @Order(2)
    void gatheringServiceKilledMidGatheringCompletesThePictureAfterRestart() throws Exception {
        String h = Sys.specify(gatheringDrill, false);
        awaitStatus(h, "the client phase of the first gathering", code -> code == 770, Duration.ofMinutes(2));
        stack().service("gathering-service").kill();
        long partial = Sys.catalogueTotal(h, null);

        stack().restart("gathering-service");
        // The run whose owner died is taken over once its lease has expired, and publishes what was not confirmed.
        Sys.awaitReady(h, null, Duration.ofMinutes(3));
        Sys.awaitCatalogueMatches(h, gatheringDrill, Duration.ofMinutes(2));
        assertTrue(partial <= Sys.catalogueTotal(h, null));
        assertMonitoringSite(h, 1);
        Sys.migrateAndVerify("Drill: after gathering-service kill", h, gatheringDrill, CHECK_TYPES, Duration.ofMinutes(3));

        // Again in a change-detecting run: the source changed, the run is killed while it publishes, the next run must
        // still report every change (state and watermarks are committed only with a complete run).
        var mutation = gatheringDrill.mutate(2.0, 5L);
        String previous = Sys.lastSuccess(h);
        Sys.gatherNow(h);
        awaitStatus(h, "the change-detecting run under way", code -> (code & 0xFF) == 2 && code != 2 && code != 258, Duration.ofMinutes(1));
        stack().service("gathering-service").kill();
        stack().restart("gathering-service");
        Sys.awaitReady(h, previous, Duration.ofMinutes(3));
        Sys.awaitCatalogueMatches(h, gatheringDrill, Duration.ofMinutes(2));
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (ObjectType t : CHECK_TYPES) {
            var migrated = Sys.destinationRows(h, t);
            var changes = mutation.databases().get(0).types().get(t.name());
            changes.changed().stream().filter(migrated::containsKey).forEach(k -> expected.add(h + "/" + t.name() + "/" + k));
            // Removed objects are Removed, added ones available.
            for (String k : changes.removed()) {
                assertEquals("REMOVED", Sys.get("job-service", "/api/objects/" + h + "/" + t.name() + "/" + k + "?hierarchyId=" + h).getString("object.state"));
            }
        }
        assertTrue(!expected.isEmpty());
        await("exactly the changed migrated objects are Modified", Duration.ofSeconds(60), () -> Sys.catalogueKeys(h, "MODIFIED").equals(expected));
    }

    @Test
    @Order(3)
    void brokerKilledAndRestartedMidGatheringLosesNothing() throws Exception {
        String h = Sys.specify(brokerDrill, false);
        awaitStatus(h, "the client phase of the first gathering", code -> code == 770, Duration.ofMinutes(2));
        stack().broker().kill();
        Thread.sleep(3000);
        stack().broker().start();
        // Either the run rides out the outage (idempotent producer retries) or it fails with a status the administrator
        // sees; then the next run (gather now) repeats whatever was not confirmed.
        awaitStatus(h, "the gathering run ended", code -> code == 1 || (code & 0xFF) != 2, Duration.ofMinutes(3));
        int code = Sys.statusCode(h);
        if (code != 1) {
            Map<String, Object> site = Sys.site(h);
            assertTrue(site.get("statusMessage") != null && !site.get("statusMessage").toString().isBlank(), site::toString);
            Sys.gatherNow(h);
            Sys.awaitReady(h, null, Duration.ofMinutes(3));
        }
        Sys.awaitCatalogueMatches(h, brokerDrill, Duration.ofMinutes(2));
        assertMonitoringSite(h, 1);
        Sys.migrateAndVerify("Drill: after broker restart", h, brokerDrill, CHECK_TYPES, Duration.ofMinutes(3));
    }

    @Test
    @Order(4)
    void unavailableSourceDatabaseShowsTheFailureAndRecoversOnTheNextRun() throws Exception {
        String h = Sys.specify(sourceDownDrill, false);
        Sys.awaitReady(h, null, Duration.ofMinutes(2));
        Sys.awaitCatalogueMatches(h, sourceDownDrill, Duration.ofMinutes(1));
        String db = Sys.db(sourceDownDrill.databases().get(h));
        rename(db, db + "_away");
        try {
            Sys.gatherNow(h);
            awaitStatus(h, "the run failed", code -> code != 1 && (code & 0xFF) != 2, Duration.ofMinutes(2));
        } finally {
            rename(db + "_away", db);
        }
        Map<String, Object> site = Sys.site(h);
        int code = ((Number) site.get("statusCode")).intValue();
        String message = (String) site.get("statusMessage");
        assertEquals(1027, code, "failure code for a database that does not exist: " + site);
        assertEquals("Failed (SQL Error)", site.get("status"));
        assertTrue(message.contains(db) && message.contains("does not exist"), message);
        // The dashboard shows the same failure.
        await("monitoring shows the failure", Duration.ofSeconds(60), () -> monitoringSite(h).get("statusCode").equals(code));
        assertEquals(message, monitoringSite(h).get("statusMessage"));
        assertEquals(1, get("monitoring-service", "/api/summary?hierarchyId=" + h).getInt("sitesFailed"));

        // The database is back and has changed meanwhile: the next run completes the picture.
        sourceDownDrill.mutate(5.0, 9L);
        Sys.gatherNow(h);
        Sys.awaitReady(h, null, Duration.ofMinutes(2));
        Sys.awaitCatalogueMatches(h, sourceDownDrill, Duration.ofMinutes(1));
        assertMonitoringSite(h, 1);
        assertEquals(0, get("monitoring-service", "/api/summary?hierarchyId=" + h).getInt("sitesFailed"));
        Sys.migrateAndVerify("Drill: after source outage", h, sourceDownDrill, CHECK_TYPES, Duration.ofMinutes(2));
    }

    @Test
    @Order(5)
    void dpShareServiceKilledMidReassignmentCompletesTheMoveExactlyOnce() throws Exception {
        String h = sourceDownDrill.manifest().topSiteCode();
        String previous = Sys.lastSuccess(h);
        var r = Sys.admin("gathering-service").body(Map.of("enabled", true)).put("/api/hierarchies/" + h + "/sites/" + h + "/dp-sharing");
        assertEquals(200, r.statusCode(), r::asString);
        Sys.awaitReady(h, previous, Duration.ofMinutes(2));
        var dps = sourceDownDrill.manifest().database(h).distributionPoints();
        var qualifying = dps.stream().filter(d -> d.fqdn()).map(d -> d.nalPath()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        await("shared DPs = the manifest's DPs with an FQDN", Duration.ofSeconds(60), () -> SeedWorkflowSystemTest.sharedDps(h).equals(qualifying));
        String nal = dps.stream().filter(d -> "STANDARD".equals(d.kind())).findFirst().orElseThrow().nalPath();
        long dpId = SeedWorkflowSystemTest.allDps(h).stream().filter(d -> nal.equals(d.get("nalPath"))).map(d -> ((Number) d.get("id")).longValue())
                .findFirst().orElseThrow();
        long id = Sys.post("dp-share-service", "/api/reassignments", Map.of("dpId", dpId, "destinationSiteCode", "DST"), 201).getLong("id");
        org.awaitility.Awaitility.await("move under way").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> "INSTALLING_IN_DESTINATION".equals(get("dp-share-service", "/api/reassignments/" + id).getString("state")));
        stack().service("dp-share-service").kill();

        stack().restart("dp-share-service");
        await("the interrupted move completed", Duration.ofMinutes(2),
                () -> "COMPLETED".equals(get("dp-share-service", "/api/reassignments/" + id).getString("state")));
        JsonPath move = get("dp-share-service", "/api/reassignments/" + id);
        assertTrue(move.getInt("attempts") >= 2, "taken over after the kill: " + move.prettify());
        List<Map<String, Object>> moves = get("dp-share-service", "/api/dp-moves?hierarchyId=" + h).getList("$");
        assertEquals(1, moves.size(), "the DP was moved once: " + moves);
        List<Object> steps = steps(moves.get(0)).stream().map(st -> st.get("step")).toList();
        assertEquals(steps.size(), new java.util.HashSet<>(steps).size(), "every site-server step performed once: " + steps);
        assertEquals(move.getInt("stepsTotal"), steps.size(), "every step of the move performed: " + steps);
        await("DP reported reassigned", Duration.ofSeconds(30), () -> "REASSIGNED".equals(get("dp-share-service", "/api/shared-dps/" + dpId).getString("state")));
    }

    @Test
    @Order(6)
    void monitoringServiceKilledRebuildsACorrectSummaryAfterRestart() throws Exception {
        String h = jobDrill.manifest().topSiteCode();
        // Killed while a job's status events stream in; the system goes on without it: the job ends, a gathering runs.
        String jobId = Sys.createJob(Sys.job("Drill: monitoring killed meanwhile", "OBJECT", h,
                Map.of("types", List.of(ObjectType.DEPLOYMENT.name(), ObjectType.TASK_SEQUENCE.name(), ObjectType.SOFTWARE_METERING_RULE.name()))));
        org.awaitility.Awaitility.await("job under way").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> get("monitoring-service", "/api/jobs/" + jobId).getLong("migrated") > 0);
        stack().service("monitoring-service").kill();
        JsonPath job = Sys.awaitJobCompleted(jobId, Duration.ofMinutes(3));
        String previous = Sys.lastSuccess(h);
        Sys.gatherNow(h);
        Sys.awaitReady(h, previous, Duration.ofMinutes(2));

        stack().restart("monitoring-service");
        await("monitoring caught up with the job", Duration.ofSeconds(90), () -> {
            JsonPath m = get("monitoring-service", "/api/jobs/" + jobId);
            return "COMPLETED".equals(m.getString("status")) && m.getLong("migrated") == job.getLong("migrated");
        });
        JsonPath objects = get("monitoring-service", "/api/jobs/" + jobId + "/objects?size=1");
        assertEquals(job.getLong("migrated"), objects.getLong("countsByStatus.COMPLETED"), objects.prettify());
        assertEquals(job.getLong("total"), objects.getLong("total"), objects.prettify());
        // Every hierarchy's jobs as job-service knows them = the summary's job figures, per hierarchy.
        for (SimulatedHierarchy s : sources) {
            String id = s.manifest().topSiteCode();
            List<Map<String, Object>> jobs = get("job-service", "/api/jobs?hierarchyId=" + id).getList("$");
            long completed = jobs.stream().filter(j -> "COMPLETED".equals(j.get("status"))).count();
            await("summary of " + id, Duration.ofSeconds(60), () -> {
                JsonPath sum = get("monitoring-service", "/api/summary?hierarchyId=" + id);
                return sum.getLong("jobsTotal") == jobs.size() && sum.getLong("jobsCompleted") == completed
                        && sum.getLong("jobsInProgress") == 0 && sum.getLong("sitesFailed") == 0;
            });
            for (Map<String, Object> j : jobs) {
                JsonPath m = get("monitoring-service", "/api/jobs/" + j.get("jobId"));
                assertEquals(j.get("status"), m.getString("status"), "job " + j.get("jobId"));
                assertEquals(((Number) j.get("migrated")).longValue(), m.getLong("migrated"), "job " + j.get("jobId"));
                assertEquals(((Number) j.get("total")).longValue(), m.getLong("total"), "job " + j.get("jobId"));
            }
            assertMonitoringSite(id, 1);
        }
        JsonPath sum = get("monitoring-service", "/api/summary?hierarchyId=" + h);
        // Dashboard objects = the source's migratable objects other than client records (software updates, for one, are
        // only referenced: they come from WSUS in the destination).
        long objectsInSource = jobDrill.manifest().database(h).types().entrySet().stream().filter(e -> !e.getKey().equals("CLIENT")
                && io.cmmigration.events.catalogue.ObjectTypeCatalogue.spec(ObjectType.valueOf(e.getKey())).migratable())
                .mapToLong(e -> e.getValue().count()).sum();
        assertEquals(objectsInSource, sum.getLong("objectsTotal"), sum.prettify());
        assertEquals(jobDrill.manifest().database(h).types().get("CLIENT").count(), sum.getLong("clientsTotal"), sum.prettify());
        assertNotEquals(0L, sum.getLong("objectsMigrated"));
    }

    // ------------------------------------------------------------------

    static void awaitStatus(String hierarchyId, String what, IntPredicate codeMatches, Duration atMost) {
        org.awaitility.Awaitility.await().alias(hierarchyId + ": " + what).atMost(atMost).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> codeMatches.test(Sys.statusCode(hierarchyId)));
    }

    static Map<String, Object> monitoringSite(String hierarchyId) {
        List<Map<String, Object>> sites = get("monitoring-service", "/api/sites?hierarchyId=" + hierarchyId).getList("$");
        return sites.stream().filter(s -> hierarchyId.equals(s.get("siteCode"))).findFirst().orElseThrow(() -> new AssertionError(sites.toString()));
    }

    static void assertMonitoringSite(String hierarchyId, int code) {
        await("monitoring shows " + hierarchyId + " with status " + code, Duration.ofSeconds(60),
                () -> ((Number) monitoringSite(hierarchyId).get("statusCode")).intValue() == code);
    }

    static void rename(String from, String to) throws Exception {
        try (Connection c = Sys.DB.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + from + "'");
            s.execute("ALTER DATABASE " + from + " RENAME TO " + to);
        }
    }
}
