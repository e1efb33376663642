package io.cmmigration.gathering.run;

import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.gathering.source.SiteDatabaseInfo;
import io.cmmigration.gathering.source.SourceConnector;
import io.cmmigration.simulator.manifest.Manifest;
import io.cmmigration.simulator.manifest.SiteDatabaseManifest;
import io.cmmigration.simulator.mutate.MutationManifest;
import io.cmmigration.testsupport.db.TestDatabases;
import io.cmmigration.testsupport.kafka.TestKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Rerunnable measurement of data gathering without Quarkus: the real reader, state store and producer against a
 * simulator source in the machine PostgreSQL and a real Kafka broker (a separate process, so that this JVM's memory is
 * the gatherer's). Prints objects/s of the first gathering next to a streaming SELECT of the same views with the same
 * driver measured in the same run, the unchanged re-gathering and a 1 % changed one (checked key by key against the
 * simulator's mutation manifest), and this JVM's peak RSS.
 *
 * <pre>
 * ./mvnw -q -B -o -pl gathering-service dependency:build-classpath -Dmdep.outputFile=/tmp/gcp.txt -Dmdep.includeScope=test
 * ./mvnw -q -B -o -pl gathering-service test-compile
 * java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp gathering-service/target/test-classes:gathering-service/target/classes:$(cat /tmp/gcp.txt) \
 *      io.cmmigration.gathering.run.GatheringBench [standard|demo|large|tiny] [unchanged-repeats] [no-mutation]
 * </pre>
 * The source (simulator CLI, a child JVM) and the broker (StandaloneBroker, a child JVM) are created and dropped by the run.
 */
public final class GatheringBench {

    private static final String HIERARCHY = "BEN";

    private GatheringBench() {
    }

    /** Held so that the levels stay (the service configures logging through Quarkus; this JVM does not). */
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (String name : List.of("org.apache.kafka", "kafka", "org.postgresql", "io.cmmigration")) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            l.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(l);
        }
        int status = 0;
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        String size = args.length > 0 ? args[0] : "standard";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        boolean mutate = !(args.length > 2 && args[2].equals("no-mutation"));
        Path work = Files.createTempDirectory("gathering-bench");
        String prefix = "gbench_" + UUID.randomUUID().toString().substring(0, 6);
        List<Process> children = new ArrayList<>();
        String stateDb = null;
        Path manifestFile = work.resolve("sim.json");
        try {
            say("== broker (StandaloneBroker, own process)");
            int port = TestKafka.freePort();
            Process broker = java(work.resolve("broker.log"), "io.cmmigration.testsupport.kafka.StandaloneBroker", String.valueOf(port),
                    String.valueOf(TestKafka.freePort()), work.resolve("kafka").toString());
            children.add(broker);
            String bootstrap = awaitLine(work.resolve("broker.log"), "BROKER READY ", 120).trim();
            say("broker at " + bootstrap);

            say("== source: simulator " + size + " (CB, seed 42, own process)");
            long t = System.nanoTime();
            run(work.resolve("create.log"), "io.cmmigration.simulator.cli.SimulatorCli", "create", "--version", "CB", "--size", size, "--seed", "42",
                    "--jdbc", TestDatabases.url("postgres"), "--user", TestDatabases.USER, "--password", TestDatabases.PASSWORD,
                    "--db-prefix", prefix, "--top", HIERARCHY, "--manifest", manifestFile.toString());
            say(String.format("generated in %.1f s", secs(t)));
            Manifest manifest = Manifest.read(manifestFile);
            SiteDatabaseManifest db = manifest.database(HIERARCHY);
            String url = db.jdbcUrl();
            long objects = db.types().values().stream().mapToLong(s -> s.count()).sum();

            say("== baseline: streaming SELECT of every top-level catalogue query, same driver (1 warm-up + 1)");
            streamingSelect(url);
            t = System.nanoTime();
            long rows = streamingSelect(url);
            double selectSeconds = secs(t);
            double selectRate = rows / selectSeconds;
            say(String.format("SELECT: %,d rows in %.2f s = %,.0f rows/s", rows, selectSeconds, selectRate));

            stateDb = TestDatabases.create("gbench_state");
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(TestDatabases.url(stateDb) + "?reWriteBatchedInserts=true");
            ds.setUser(TestDatabases.USER);
            ds.setPassword(TestDatabases.PASSWORD);
            createStateTables(ds);
            ObjectStateStore store = new ObjectStateStore();
            store.dataSource = ds;
            ObjectPublisher publisher = new ObjectPublisher();
            publisher.bootstrapServers = bootstrap;
            publisher.lingerMs = 10;
            publisher.batchSize = 262144;
            Bench bench = new Bench(store, publisher, ds, url);

            say("== first gathering");
            Run first = bench.run(false);
            say(first.describe() + String.format("  -> %,.0f objects/s, %.2f x the SELECT baseline (%,d objects in the source)",
                    first.rate(), first.rate() / selectRate, objects));

            List<Run> unchanged = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                say("== re-gathering, unchanged (" + (i + 1) + "/" + repeats + ")");
                Run r = bench.run(true);
                unchanged.add(r);
                say(r.describe() + String.format("  -> %.3f x the first gathering's time (%.1f x faster; CPU %.1f x less)", r.seconds / first.seconds,
                        first.seconds / r.seconds, first.cpuSeconds / r.cpuSeconds));
            }

            if (!mutate) {
                long[] mem = memory();
                say(String.format("SUMMARY size=%s objects=%d select=%.0f rows/s first=%.0f objects/s (%.2fx select) unchanged=%s peakRssMB=%d "
                        + "heapAfterGcMB=%d", size, objects, selectRate, first.rate(), first.rate() / selectRate,
                        unchanged.stream().map(r -> String.format("%.2fs(%.1fx)", r.seconds, first.seconds / r.seconds)).toList(),
                        mem[0] / 1024, mem[1] / (1024 * 1024)));
                return;
            }
            say("== mutate 1 % (simulator, seed 7)");
            Path mutationFile = work.resolve("mutation.json");
            run(work.resolve("mutate.log"), "io.cmmigration.simulator.cli.SimulatorCli", "mutate", "--manifest", manifestFile.toString(),
                    "--percent", "1", "--seed", "7", "--out", mutationFile.toString());
            MutationManifest mutation = io.cmmigration.events.EventCodec.mapper().readValue(mutationFile.toFile(), MutationManifest.class);
            say("== re-gathering, 1 % changed");
            Run changed = bench.run(true);
            say(changed.describe() + String.format("  -> %.3f x the first gathering's time", changed.seconds / first.seconds));
            compare(changed, mutation.database(HIERARCHY));

            long[] mem = memory();
            say(String.format("== memory: peak RSS of this JVM %,d MB; max heap used after GC %,d MB", mem[0] / 1024, mem[1] / (1024 * 1024)));
            say(String.format("SUMMARY size=%s objects=%d select=%.0f rows/s first=%.0f objects/s (%.2fx select) unchanged=%s changed=%.2fs/%d events "
                    + "peakRssMB=%d heapAfterGcMB=%d", size, objects, selectRate, first.rate(), first.rate() / selectRate,
                    unchanged.stream().map(r -> String.format("%.2fs(%.1fx)", r.seconds, first.seconds / r.seconds)).toList(), changed.seconds,
                    changed.published(), mem[0] / 1024, mem[1] / (1024 * 1024)));
        } finally {
            if (Files.exists(manifestFile)) {
                try {
                    run(work.resolve("drop.log"), "io.cmmigration.simulator.cli.SimulatorCli", "drop", "--manifest", manifestFile.toString());
                } catch (Exception e) {
                    say("dropping the source failed: " + e);
                }
            }
            if (stateDb != null) {
                TestDatabases.drop(stateDb);
            }
            for (Process p : children) {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs of one hierarchy against one state database (site id 1). */
    static final class Bench {
        final ObjectStateStore store;
        final ObjectPublisher publisher;
        final javax.sql.DataSource ds;
        final String url;
        final SourceConnector connector = new SourceConnector();

        Bench(ObjectStateStore store, ObjectPublisher publisher, javax.sql.DataSource ds, String url) {
            this.store = store;
            this.publisher = publisher;
            this.ds = ds;
            this.url = url;
        }

        Run run(boolean hasState) throws Exception {
            String runId = UUID.randomUUID().toString();
            long cpu = cpuNanos();
            long t = System.nanoTime();
            store.discardPending(1);
            try (Connection side = connector.open(url, TestDatabases.USER, TestDatabases.PASSWORD, false);
                    Connection main = connector.open(url, TestDatabases.USER, TestDatabases.PASSWORD, true);
                    ObjectStateStore.PendingWriter pending = store.pendingWriter(runId, 1, !store.hasStoredState(1))) {
                SiteDatabaseInfo info = SiteDatabaseInfo.read(side, null, 0);
                RunContext ctx = new RunContext(HIERARCHY, HIERARCHY, 1, runId, hasState, main, side, 0, publisher.delivery(), store, pending, () -> { },
                        () -> connector.open(url, TestDatabases.USER, TestDatabases.PASSWORD, true));
                Map<String, Long> perType = new TreeMap<>();
                GatheringRunner.gatherPhases(ctx, SourceFamily.CM2012_PLUS, info, phase -> { });
                pending.flush();
                double readSeconds = secs(t);
                say("  ms per type: " + ctx.millis);
                ctx.closeStreams();
                ctx.delivery.awaitAll();
                double ackSeconds = secs(t);
                Map<String, Set<String>[]> keys = hasState ? publishedKeys(runId) : Map.of();
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    ObjectStateStore.commitRun(c, runId, 1);
                    pending.commit(); // a first gathering's rows, written straight into gathered_object (as the service does)
                    c.commit();
                }
                double seconds = secs(t);
                ctx.typeCounts().forEach((type, c) -> perType.put(type, c.discovered() + c.changed() + c.removed()));
                return new Run(seconds, readSeconds, ackSeconds, ctx.published(), perType, keys, (cpuNanos() - cpu) / 1e9);
            }
        }

        /** The stored keys of the site per type, as discovered keys (what a first gathering with direct writes published). */
        @SuppressWarnings("unchecked")
        Map<String, Set<String>[]> storedKeys() throws Exception {
            Map<String, Set<String>[]> result = new TreeMap<>();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT object_type, source_id FROM gathered_object WHERE site_id = 1")) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(1), k -> new Set[] {new TreeSet<>(), new TreeSet<>(), new TreeSet<>()})[0].add(rs.getString(2));
                }
            }
            return result;
        }

        /** What the run wrote to its pending rows (= what it published), per type: discovered, changed, removed keys. */
        @SuppressWarnings("unchecked")
        Map<String, Set<String>[]> publishedKeys(String runId) throws Exception {
            Map<String, Set<String>[]> result = new TreeMap<>();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT object_type, source_id, change_kind FROM gathered_object_pending WHERE run_id = '" + runId + "'")) {
                while (rs.next()) {
                    Set<String>[] sets = result.computeIfAbsent(rs.getString(1), k -> new Set[] {new TreeSet<>(), new TreeSet<>(), new TreeSet<>()});
                    int i = switch (rs.getString(3)) {
                        case "DISCOVERED" -> 0;
                        case "CHANGED" -> 1;
                        case "REMOVED" -> 2;
                        default -> -1;
                    };
                    if (i < 0) {
                        continue; // REFRESHED: state only, not published
                    }
                    sets[i].add(rs.getString(2));
                }
            }
            return result;
        }
    }

    record Run(double seconds, double readSeconds, double ackSeconds, long published, Map<String, Long> perType, Map<String, Set<String>[]> keys,
            double cpuSeconds) {
        double rate() {
            return published / seconds;
        }

        String describe() {
            return String.format("%,d events in %.2f s (read+sent %.2f s, acknowledged %.2f s, state committed %.2f s; CPU of this JVM %.2f s)",
                    published, seconds, readSeconds, ackSeconds, seconds, cpuSeconds);
        }
    }

    /** Catalogue types must match the simulator's mutation manifest key by key; DP events are reported beside it. */
    private static void compare(Run run, MutationManifest.Database mutation) {
        long expected = 0;
        boolean exact = true;
        Set<String> types = new TreeSet<>(mutation.types().keySet());
        types.addAll(run.keys().keySet());
        types.remove("DISTRIBUTION_POINT");
        for (String type : types) {
            MutationManifest.TypeChanges m = mutation.types().get(type);
            Set<String>[] got = run.keys().getOrDefault(type, emptySets());
            List<Set<String>> want = m == null ? List.of(Set.of(), Set.of(), Set.of())
                    : List.of(new TreeSet<>(m.added()), new TreeSet<>(m.changed()), new TreeSet<>(m.removed()));
            String[] kinds = {"added/DISCOVERED", "changed/CHANGED", "removed/REMOVED"};
            for (int i = 0; i < 3; i++) {
                expected += want.get(i).size();
                if (!want.get(i).equals(got[i])) {
                    exact = false;
                    Set<String> missing = new TreeSet<>(want.get(i));
                    missing.removeAll(got[i]);
                    Set<String> extra = new TreeSet<>(got[i]);
                    extra.removeAll(want.get(i));
                    say(String.format("  MISMATCH %s %s: manifest %d, published %d; not published %s; published but not in manifest %s", type,
                            kinds[i], want.get(i).size(), got[i].size(), first(missing), first(extra)));
                }
            }
        }
        Set<String>[] dp = run.keys().getOrDefault("DISTRIBUTION_POINT", emptySets());
        say(String.format("  catalogue objects: manifest %d added/changed/removed, %s; distribution point events beside them: %d discovered, "
                + "%d changed, %d removed (DPs renamed to an FQDN, the new secondary's DP, DPs whose hosted packages changed; the "
                + "mutation manifest lists DP renames, not DP events)", expected, exact ? "published exactly these (per type and kind)"
                : "NOT exact", dp[0].size(), dp[1].size(), dp[2].size()));
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] emptySets() {
        return new Set[] {Set.of(), Set.of(), Set.of()};
    }

    private static String first(Set<String> s) {
        return s.size() <= 8 ? s.toString() : new ArrayList<>(s).subList(0, 8) + " ... (" + s.size() + ")";
    }

    static long streamingSelect(String url) throws Exception {
        long rows = 0;
        try (Connection c = java.sql.DriverManager.getConnection(url, TestDatabases.USER, TestDatabases.PASSWORD)) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(SourceFamily.CM2012_PLUS)) {
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(5000);
                    try (ResultSet rs = s.executeQuery(spec.source().sql())) {
                        ResultSetMetaData md = rs.getMetaData();
                        int n = md.getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= n; i++) {
                                rs.getObject(i);
                            }
                            rows++;
                        }
                    }
                }
            }
            c.commit();
        }
        return rows;
    }

    /** The gathering-service tables this bench needs (as the Liquibase changelog creates them, PostgreSQL types). */
    static void createStateTables(javax.sql.DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE gathered_object (site_id BIGINT NOT NULL, object_type VARCHAR(40) NOT NULL, source_id VARCHAR(400) NOT NULL, "
                    + "fingerprint VARCHAR(64) NOT NULL, row_hash BIGINT, children_hash BIGINT, CONSTRAINT pk_gathered_object PRIMARY KEY (site_id, object_type, source_id))");
            s.execute("CREATE TABLE gathered_object_pending (run_id VARCHAR(36) NOT NULL, site_id BIGINT NOT NULL, object_type VARCHAR(40) NOT NULL, "
                    + "source_id VARCHAR(400) NOT NULL, fingerprint VARCHAR(64), change_kind VARCHAR(16) NOT NULL, row_hash BIGINT, children_hash BIGINT)");
            s.execute("CREATE INDEX ix_pending_run ON gathered_object_pending (run_id, object_type, source_id)");
        }
    }

    private static Process java(Path log, String mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-cp",
                System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void run(Path log, String mainClass, String... args) throws Exception {
        Process p = java(log, mainClass, args);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " " + String.join(" ", args) + " failed; see " + log + ":\n" + Files.readString(log));
        }
    }

    private static String awaitLine(Path log, String prefix, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith(prefix)) {
                            return line.substring(prefix.length());
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no '" + prefix + "' in " + log + " within " + seconds + " s");
    }

    /** [peak RSS in kB (VmHWM), max heap used after a GC in bytes]. */
    static long[] memory() throws Exception {
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        return new long[] {hwm, afterGc};
    }

    /** CPU time of this JVM (all threads): a figure the other workers' load on the machine does not inflate. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void say(String s) {
        System.out.println(LocalDateTime.now().toLocalTime().withNano(0) + " " + s);
        System.out.flush();
    }
}
