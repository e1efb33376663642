package io.cmmigration.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.localstack.Api;
import io.cmmigration.localstack.DatabaseServer;
import io.cmmigration.localstack.JvmProfile;
import io.cmmigration.localstack.LocalStackMain;
import io.cmmigration.localstack.MigrationStack;
import io.cmmigration.localstack.ServiceProcess;
import io.cmmigration.simulator.mutate.MutationManifest;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.Size;
import io.cmmigration.simulator.SourceSiteSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The benchmark harness: runs the reference workloads end to end on this machine against the same simulator, the same
 * real broker and the same PostgreSQL as the system tests, and reports each figure beside a baseline measured in the
 * same run (ratios, because the machine is shared and noisy). Targets are printed, never asserted.
 */
public final class BenchMain {

    private final Size size;
    private final int repeat;
    private final boolean fastStartJvm;
    /** Appended to every service's JVM options (experiments: which collector, which compiler); the report names them. */
    private final List<String> jvmOptions;
    private final boolean flightRecording;
    private final DatabaseServer db = DatabaseServer.machine();
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();
    private MigrationStack stack;
    private SimulatedHierarchy source;

    private BenchMain(Size size, int repeat, boolean fastStartJvm, List<String> jvmOptions, boolean flightRecording) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.size = size;
        this.repeat = repeat;
        this.fastStartJvm = fastStartJvm;
        this.flightRecording = flightRecording;
    }

    public static void main(String[] args) throws Exception {
        Size size = Size.STANDARD;
        int repeat = 3;
        boolean fastStart = false;
        boolean jfr = false;
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = Size.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--jvm" -> fastStart = switch (args[++i]) {
                    case "production" -> false;
                    case "fast-start" -> true;
                    default -> throw new IllegalArgumentException("--jvm production|fast-start");
                };
                case "--jfr" -> jfr = true;
                case "--jvm-option" -> jvmOptions.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--size demo|standard|large, --repeat N, --jvm production|fast-start, --jvm-option -XX:..., --jfr)");
            }
        }
        new BenchMain(size, repeat, fastStart, jvmOptions, jfr).run();
    }

    private void run() throws Exception {
        Path root = MigrationStack.defaultProjectRoot();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        context.put("size", size.name());
        context.put("repeat", repeat);
        context.put("cores", Runtime.getRuntime().availableProcessors());
        context.put("java", System.getProperty("java.version"));
        // Ctrl-C or kill must not leave the services, the broker or the databases behind.
        Thread cleanup = new Thread(this::stopEverything, "bench-stop");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            say("== generating the " + size + " source (simulator, current branch, seed 42)");
            long t = System.nanoTime();
            source = SourceSiteSimulator.builder().version(SourceVersion.CURRENT_BRANCH).topSiteCode("BEN").size(size).seed(42)
                    .create(db.url("postgres"), db.user(), db.password(), "cmm_bench_src");
            double genSeconds = Baselines.seconds(t);
            figures.add(new Figure("simulator: generate " + size + " source", "s", Stats.of(genSeconds), null, null, "well under 60 s (standard)",
                    false, null));
            String sourceUrl = source.databases().get("BEN");

            say("== baseline: streaming SELECT of the same views with the same driver (1 warm-up + " + repeat + ")");
            Baselines.streamingSelect(sourceUrl, db.user(), db.password(), SourceFamily.CM2012_PLUS);
            double[] select = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                select[i] = Baselines.streamingSelect(sourceUrl, db.user(), db.password(), SourceFamily.CM2012_PLUS);
            }

            say("== starting the system (broker + four services as processes)");
            t = System.nanoTime();
            // The services run with the JVM options of their pods (C2, the deployment's memory), unless --jvm fast-start.
            Path runDir = root.resolve("bench/target/run-" + stamp);
            JvmProfile jvm = (fastStartJvm ? JvmProfile.fastStart() : JvmProfile.production(root)).withOptions(jvmOptions);
            if (flightRecording) {
                jvm = jvm.withFlightRecording(runDir);
            }
            context.put("jvm", jvm.name());
            stack = new MigrationStack(root, runDir, db, Map.of(), 0).jvm(jvm).start();
            figures.add(new Figure("system start to ready", "s", Stats.of(Baselines.seconds(t)), null, null, "-", false, null));
            Api gathering = new Api(stack.url("gathering-service"), "admin", "admin");
            // Creating a job of the whole catalogue plans and records every object in one transaction: minutes at size.
            Api jobs = new Api(stack.url("job-service"), "admin", "admin", Duration.ofMinutes(10));
            Api monitoring = new Api(stack.url("monitoring-service"), "admin", "admin");

            say("== first gathering");
            gathering.put("/api/secrets/bench", Map.of("value", db.password().isEmpty() ? "unused" : db.password()), 204);
            Instant before = Instant.now();
            Map<String, Double> cpuBefore = Cpu.ofServices(stack);
            t = System.nanoTime();
            gathering.post("/api/hierarchies", Map.of("topSite", Map.of("server", "ben.contoso.com", "jdbcUrl", sourceUrl,
                    "databaseAccount", Map.of("username", db.user(), "passwordRef", "secret:bench"),
                    "providerAccount", Map.of("username", "CONTOSO\\bench", "passwordRef", "secret:bench")),
                    "destinationSiteCode", "DST", "gatheringIntervalMinutes", 240, "dpSharing", false), 201);
            JsonNode site = awaitRunFinished(gathering, before);
            double firstSeconds = Baselines.seconds(t);
            Map<String, Double> cpuGathered = Cpu.ofServices(stack);
            long published = sumCounts(site, "discovered") + sumCounts(site, "changed") + sumCounts(site, "removed");
            figures.add(new Figure("first gathering: objects published and acked", "objects/s", Stats.of(published / firstSeconds),
                    Stats.of(select), "streaming SELECT of the same views, same driver (rows/s)", ">= 50,000 objects/s", true,
                    published + " objects in " + Report.num(firstSeconds) + " s"
                            + Cpu.spent(Map.of("gathering-service", cpuBefore.get("gathering-service")),
                                    Map.of("gathering-service", cpuGathered.get("gathering-service")), published)));
            // job-service must keep up with gathering: how long until its catalogue holds every published object.
            // Distribution points go to their own topic (dp-share-service), not into the catalogue.
            long objectsPublished = published - dpCount(site, "discovered") - dpCount(site, "changed") - dpCount(site, "removed");
            long catalogued = awaitCatalogueHolds(jobs, objectsPublished);
            double ingestSeconds = Baselines.seconds(t);
            figures.add(new Figure("catalogue ingestion (job-service), from gathering start", "objects/s", Stats.of(catalogued / ingestSeconds),
                    Stats.of(published / firstSeconds), "the first gathering's publishing rate (objects/s)", "keeps up (ratio close to 1)", true,
                    catalogued + " objects in the catalogue " + Report.num(ingestSeconds) + " s after the gathering started"
                            + Cpu.spent(Map.of("job-service", cpuBefore.get("job-service")),
                                    Map.of("job-service", Cpu.ofServices(stack).get("job-service")), catalogued)));

            say("== re-gathering, unchanged source (" + repeat + " runs)");
            double[] unchanged = new double[repeat];
            long unchangedEvents = 0;
            double gatheringCpu = 0;
            for (int i = 0; i < repeat; i++) {
                double cpu0 = Cpu.seconds(stack.service("gathering-service").pid());
                before = Instant.now();
                t = System.nanoTime();
                gathering.post("/api/hierarchies/BEN/sites/BEN/gather-now", null, 202);
                JsonNode s = awaitRunFinished(gathering, before);
                unchanged[i] = Baselines.seconds(t);
                gatheringCpu += Cpu.seconds(stack.service("gathering-service").pid()) - cpu0;
                unchangedEvents = sumCounts(s, "discovered") + sumCounts(s, "changed") + sumCounts(s, "removed");
            }
            figures.add(new Figure("re-gathering, unchanged", "s", new Stats(toList(unchanged)), Stats.of(firstSeconds), "first gathering (s)",
                    ">= 10x faster than the first (ratio <= 0.1)", false, unchangedEvents + " events published; gathering-service CPU "
                            + Report.num(gatheringCpu / repeat) + " s per run against " + Report.num(cpuGathered.get("gathering-service")
                            - cpuBefore.get("gathering-service")) + " s in the first"));

            say("== re-gathering, 1% changed");
            MutationManifest mutation = source.mutate(1.0, 7L);
            before = Instant.now();
            t = System.nanoTime();
            gathering.post("/api/hierarchies/BEN/sites/BEN/gather-now", null, 202);
            JsonNode changedRun = awaitRunFinished(gathering, before);
            double changedSeconds = Baselines.seconds(t);
            long changedEvents = sumCounts(changedRun, "discovered") + sumCounts(changedRun, "changed") + sumCounts(changedRun, "removed");
            long dpEvents = dpCount(changedRun, "discovered") + dpCount(changedRun, "changed") + dpCount(changedRun, "removed");
            figures.add(new Figure("re-gathering, 1% changed", "s", Stats.of(changedSeconds), Stats.of(firstSeconds), "first gathering (s)",
                    "publishes exactly the changed objects", false, (changedEvents - dpEvents) + " object events + " + dpEvents
                            + " distribution point events published; the simulator's manifest lists " + totalChanges(mutation)
                            + " changed catalogue objects (distribution points are not in it)"));
            context.put("mutation", totalChanges(mutation));

            say("== object migration job of all objects");
            List<String> types = ObjectTypeCatalogue.migratableBy(SourceFamily.CM2012_PLUS, JobType.OBJECT).stream().map(ObjectType::name).toList();
            awaitCatalogue(jobs);
            Map<String, Double> cpuJob = Cpu.ofServices(stack);
            t = System.nanoTime();
            JsonNode job = jobs.post("/api/jobs", Map.of("name", "bench: all objects", "type", "OBJECT", "hierarchyId", "BEN",
                    "selection", Map.of("types", types), "securityScopes", List.of("Default"), "schedule", Map.of("mode", "NOW")), 201);
            String jobId = job.path("jobId").asText();
            double createSeconds = Baselines.seconds(t);
            // Polled once a second: a job takes minutes, and every poll reads the job (a user's script would do the same).
            LocalStackMain.waitFor(Duration.ofMinutes(30), Duration.ofSeconds(1), () -> {
                String st = jobs.get("/api/jobs/" + jobId).path("status").asText();
                return st.equals("COMPLETED") || st.equals("FAILED") || st.equals("STOPPED");
            });
            double jobSeconds = Baselines.seconds(t);
            long jobEnded = System.nanoTime();
            Map<String, Double> cpuJobDone = Cpu.ofServices(stack);
            JsonNode done = jobs.get("/api/jobs/" + jobId);
            long written = done.path("migrated").asLong();
            String destUrl = db.url(stack.databaseOf("job-service", "quarkus.datasource.destination."));
            double copy = Baselines.plainCopy(destUrl, db.user(), db.password(), "migrated_object");
            figures.add(new Figure("object migration job: objects written", "objects/s", Stats.of(written / jobSeconds), Stats.of(copy),
                    "plain JDBC batched copy of the same rows into the same schema (rows/s)", ">= 20,000 objects/s and >= 0.5x the plain copy",
                    true, written + " migrated of " + done.path("total").asLong() + " in " + Report.num(jobSeconds) + " s (creating the job "
                            + Report.num(createSeconds) + " s; status " + done.path("status").asText() + ")" + Cpu.spent(cpuJob, cpuJobDone, written)));

            say("== reconciliation of that job (automatic at its end)");
            JsonNode[] report = new JsonNode[1];
            try {
                LocalStackMain.waitFor(Duration.ofMinutes(15), Duration.ofSeconds(1), () -> {
                    try {
                        report[0] = jobs.get("/api/jobs/" + jobId + "/reconciliation");
                        return true;
                    } catch (Api.ApiException notYet) {
                        return false; // 404 until the report is stored
                    }
                });
                double reconcileSeconds = Baselines.seconds(jobEnded);
                long checked = report[0].path("checked").asLong();
                figures.add(new Figure("reconciliation after the job: objects compared", "objects/s", Stats.of(checked / reconcileSeconds),
                        Stats.of(written / jobSeconds), "the job's own write rate (objects/s)",
                        "at least the job's rate (checking must not take longer than migrating)", true,
                        checked + " compared, " + report[0].path("matching").asLong() + " matching, report " + Report.num(reconcileSeconds)
                                + " s after the job ended" + Cpu.spent(cpuJobDone, Cpu.ofServices(stack), checked)));
            } catch (RuntimeException e) {
                say("   reconciliation not measured: " + e.getMessage());
            }

            say("== job-service scale-out: the same concurrent jobs on 1 and on 2 replicas");
            List<List<String>> groups = ScaleOut.groups(monitoring, "BEN", types, 6, 25_000);
            try {
                double oneReplica = ScaleOut.run(jobs, "BEN", groups, "1 replica");
                stack.addReplica("job-service");
                double twoReplicas = ScaleOut.run(jobs, "BEN", groups, "2 replicas");
                figures.add(new Figure("job-service scale-out: 2 replicas", "objects/s", Stats.of(twoReplicas), Stats.of(oneReplica),
                        "the same jobs on 1 replica (objects/s)", "scales with replicas (ratio > 1)", true,
                        ScaleOut.describe(groups) + "; conflict OVERWRITE; clients and drivers left out; at most 25,000 objects"));
            } catch (Api.ApiException e) {
                say("   scale-out not measured: " + e.getMessage());
            } finally {
                stack.stopReplicas();
            }

            if (DashboardFreshness.browserAvailable()) {
                say("== dashboard freshness: event published -> shown in a real browser");
                Stats fresh = DashboardFreshness.measure(stack.url("monitoring-service"), stack.broker().bootstrap(), "BEN", 40);
                figures.add(new Figure("dashboard freshness, event -> browser (p50)", "ms", fresh, null, null, "-", false,
                        "p99 " + Report.num(fresh.percentile(99)) + " ms over " + fresh.samples().size() + " job progress reports"));
            } else {
                say("== dashboard freshness skipped: /usr/bin/chromium and /usr/bin/chromedriver are needed (apt-get install chromium chromium-driver)");
            }

            say("== end to end: source change -> Modified on the dashboard API, gathering every minute (about 2-3 minutes)");
            Stats latency = ModifiedLatency.measure(gathering, monitoring, "BEN", "BEN", sourceUrl, db.user(), db.password(), 6,
                    Duration.ofSeconds(90));
            figures.add(new Figure("source change -> Modified on dashboard API (p50)", "s", latency, null, null, "-", false,
                    "p99 " + Report.num(latency.percentile(99)) + " s over " + latency.samples().size() + " changes; gathering interval 1 min"));

            say("== peak memory per service");
            for (String svc : MigrationStack.SERVICES) {
                ServiceProcess p = stack.service(svc);
                figures.add(new Figure("peak RSS " + svc + " (" + size + ")", "MB", Stats.of(Rss.peakMb(p.pid())), null, null,
                        "large/standard <= 1.5 (run --size large to compare)", false, null));
            }
        } finally {
            String table = Report.table(figures);
            say("");
            say(table);
            Path out = root.resolve("bench/results/bench-" + stamp);
            Report.writeJson(Path.of(out + ".json"), context, figures);
            Report.writePng(Path.of(out + ".png"), figures);
            say("results: " + out + ".json and .png");
            stopEverything();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private synchronized void stopEverything() {
        try {
            if (stack != null) {
                stack.close();
                stack = null;
            }
        } catch (Exception e) {
            say("(while stopping the system: " + e.getMessage() + ")");
        }
        if (source != null) {
            source.drop();
            source = null;
        }
    }

    private JsonNode awaitRunFinished(Api gathering, Instant after) {
        JsonNode[] site = new JsonNode[1];
        waitFor(Duration.ofMinutes(30), () -> {
            JsonNode s = gathering.get("/api/hierarchies/BEN").path("sites").get(0);
            String finished = s.path("lastRunFinishedAt").asText(null);
            if (finished != null && Instant.parse(finished).isAfter(after) && s.path("statusCode").asInt() != 2) {
                site[0] = s;
                return true;
            }
            return false;
        });
        if (site[0].path("statusCode").asInt() != 1) {
            throw new IllegalStateException("gathering failed: " + site[0]);
        }
        return site[0];
    }

    /** Waits until job-service's catalogue holds at least {@code expected} objects (or 10 minutes); returns its total. */
    private long awaitCatalogueHolds(Api jobs, long expected) {
        long[] total = {0};
        try {
            LocalStackMain.waitFor(Duration.ofMinutes(10), Duration.ofMillis(250), () -> {
                total[0] = jobs.get("/api/objects?hierarchyId=BEN&size=1").path("total").asLong();
                return total[0] >= expected;
            });
        } catch (Api.ApiException e) {
            say("   the catalogue held " + total[0] + " of " + expected + " objects after 10 minutes");
        }
        return total[0];
    }

    /**
     * Waits until job-service has consumed every gathered object event (its consumer group's committed offsets at the
     * end of every partition of migration.source-objects). Waiting for a stable catalogue total was not enough: the
     * events of the 1 % changed run that change or remove objects leave the total as it is, and a job created while they
     * were still being applied selected objects the source had just removed (they then failed in the job: 345 of them
     * in a run where ingestion lagged).
     */
    private void awaitCatalogue(Api jobs) {
        String topic = io.cmmigration.events.topics.Topic.SOURCE_OBJECTS.topicName();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrap()))) {
            waitFor(Duration.ofMinutes(10), () -> {
                try {
                    var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
                    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = new LinkedHashMap<>();
                    partitions.forEach(p -> ends.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
                    var latest = admin.listOffsets(ends).all().get();
                    var committed = admin.listConsumerGroupOffsets("job-service").partitionsToOffsetAndMetadata().get();
                    for (var e : latest.entrySet()) {
                        var c = committed.get(e.getKey());
                        if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
                            return false;
                        }
                    }
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        jobs.get("/api/objects?hierarchyId=BEN&size=1"); // the service answers (its last batch is committed with its offsets)
    }

    /** Objects the simulator added, changed or removed (all sites, all types). */
    private static long totalChanges(MutationManifest m) {
        return m.databases().stream().flatMap(d -> d.types().values().stream())
                .mapToLong(t -> t.added().size() + t.changed().size() + t.removed().size()).sum();
    }

    private static long sumCounts(JsonNode site, String field) {
        long sum = 0;
        for (JsonNode c : site.path("counts")) {
            sum += c.path(field).asLong();
        }
        return sum;
    }

    private static long dpCount(JsonNode site, String field) {
        return site.path("counts").path("DISTRIBUTION_POINT").path(field).asLong();
    }

    private static List<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return l;
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition) {
        LocalStackMain.waitFor(timeout, Duration.ofMillis(200), condition);
    }

    private static final long STARTED = System.nanoTime();

    /** Prints a progress line prefixed with the time since the harness started ([mm:ss]). */
    private static void say(String s) {
        long sec = (System.nanoTime() - STARTED) / 1_000_000_000L;
        System.out.println(s.startsWith("==") ? String.format("[%02d:%02d] %s", sec / 60, sec % 60, s) : s);
        System.out.flush();
    }
}
