package io.cmmigration.simulator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.PostgresServer;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.Size;
import io.cmmigration.simulator.SourceSiteSimulator;
import io.cmmigration.simulator.manifest.Manifest;
import io.cmmigration.simulator.manifest.ManifestBuilder;
import io.cmmigration.simulator.manifest.SiteDatabaseManifest;
import io.cmmigration.simulator.mutate.MutationManifest;
import io.cmmigration.simulator.schema.SchemaWriter;
import io.cmmigration.simulator.schema.SqlServerDataWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command line of the simulator.
 *
 * <pre>
 * create      --version CB|2012SP2|2012R2SP1|2007SP2|&lt;SourceVersion&gt; --size tiny|demo|standard|large --seed 42
 *             --jdbc jdbc:postgresql://127.0.0.1:5432/postgres [--user postgres] [--password ""] --db-prefix sim
 *             [--top CAS] [--primaries P01,P02] [--secondaries S01,S02] [--count TYPE=N ...] [--dps N] [--no-broken]
 *             [--manifest manifest.json]
 * mutate      --manifest manifest.json --percent 1 --seed 7 [--jdbc ... --user ... --password ...] [--out mutation.json]
 * manifest    --manifest manifest.json [--out file]    (re-reads the databases and prints the current manifest)
 * drop        --manifest manifest.json
 * mssql-ddl   --out schema.sql
 * mssql-data  --manifest manifest.json --out dir       (one T-SQL INSERT script per site database)
 * </pre>
 */
public final class SimulatorCli {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimulatorCli() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            usage();
            return;
        }
        Map<String, List<String>> opts = parse(args);
        long start = System.nanoTime();
        switch (args[0]) {
            case "create" -> create(opts);
            case "mutate" -> mutate(opts);
            case "manifest" -> manifest(opts);
            case "drop" -> drop(opts);
            case "mssql-data" -> mssqlData(opts);
            case "mssql-ddl" -> {
                Path out = Path.of(required(opts, "out"));
                SchemaWriter.writeSqlServerDdl(out);
                System.out.println("wrote SQL Server DDL to " + out.toAbsolutePath());
            }
            default -> {
                usage();
                System.exit(2);
            }
        }
        System.err.printf(Locale.ROOT, "%s done in %.1f s%n", args[0], (System.nanoTime() - start) / 1e9);
    }

    private static void create(Map<String, List<String>> o) throws Exception {
        SourceSiteSimulator b = SourceSiteSimulator.builder().version(version(value(o, "version", "CB")))
                .size(Size.parse(value(o, "size", "tiny"))).seed(Long.parseLong(value(o, "seed", "1")))
                .progress(System.err::println);
        if (o.containsKey("top")) {
            b.topSiteCode(value(o, "top", null));
        }
        if (o.containsKey("primaries")) {
            b.primaries(split(value(o, "primaries", "")));
        }
        if (o.containsKey("secondaries")) {
            b.secondaries(split(value(o, "secondaries", "")));
        }
        if (o.containsKey("dps")) {
            b.distributionPoints(Integer.parseInt(value(o, "dps", "0")));
        }
        if (o.containsKey("no-broken")) {
            b.brokenReferences(false);
        }
        Map<ObjectType, Integer> counts = new EnumMap<>(ObjectType.class);
        for (String c : o.getOrDefault("count", List.of())) {
            String[] kv = c.split("=");
            counts.put(ObjectType.valueOf(kv[0].trim().toUpperCase(Locale.ROOT)), Integer.parseInt(kv[1].trim()));
        }
        b.counts(counts);
        SimulatedHierarchy h = b.create(required(o, "jdbc"), value(o, "user", "postgres"), value(o, "password", ""), required(o, "db-prefix"));
        Path manifestFile = Path.of(value(o, "manifest", "manifest.json"));
        h.manifest().write(manifestFile);
        System.err.println("manifest written to " + manifestFile.toAbsolutePath());
        for (Map.Entry<String, String> db : h.databases().entrySet()) {
            System.out.println(db.getKey() + " " + db.getValue());
        }
    }

    private static void mutate(Map<String, List<String>> o) throws Exception {
        Path manifestFile = Path.of(required(o, "manifest"));
        Manifest manifest = Manifest.read(manifestFile);
        SimulatedHierarchy h = SourceSiteSimulator.attach(manifest, server(o, manifest));
        MutationManifest m = h.mutate(Double.parseDouble(value(o, "percent", "1")), Long.parseLong(value(o, "seed", "1")));
        h.manifest().write(manifestFile);
        String json = JSON.writeValueAsString(m);
        if (o.containsKey("out")) {
            Files.writeString(Path.of(value(o, "out", null)), json);
            System.err.println("mutation manifest written to " + value(o, "out", null));
        } else {
            System.out.println(json);
        }
    }

    private static void manifest(Map<String, List<String>> o) throws Exception {
        Manifest manifest = Manifest.read(Path.of(required(o, "manifest")));
        PostgresServer server = server(o, manifest);
        List<SiteDatabaseManifest> dbs = new ArrayList<>();
        for (SiteDatabaseManifest d : manifest.databases()) {
            try (Connection c = server.connect(d.jdbcUrl())) {
                dbs.add(ManifestBuilder.describe(c, d.siteCode(), d.database(), d.jdbcUrl(), SourceVersion.valueOf(d.version()), d.brokenReferences()));
            }
        }
        String json = new Manifest(manifest.seed(), manifest.version(), manifest.topSiteCode(), dbs).toJson();
        if (o.containsKey("out")) {
            Files.writeString(Path.of(value(o, "out", null)), json);
        } else {
            System.out.println(json);
        }
    }

    private static void mssqlData(Map<String, List<String>> o) throws Exception {
        Manifest manifest = Manifest.read(Path.of(required(o, "manifest")));
        PostgresServer server = server(o, manifest);
        Path dir = Path.of(value(o, "out", "."));
        for (SiteDatabaseManifest d : manifest.databases()) {
            Path file = dir.resolve(d.database() + "-data.sql");
            try (Connection c = server.connect(d.jdbcUrl())) {
                long rows = SqlServerDataWriter.write(c, file);
                System.err.printf(Locale.ROOT, "[%s] %,d rows written to %s%n", d.siteCode(), rows, file.toAbsolutePath());
            }
        }
    }

    private static void drop(Map<String, List<String>> o) {
        Manifest manifest = Manifest.read(Path.of(required(o, "manifest")));
        SourceSiteSimulator.attach(manifest, server(o, manifest)).drop();
        System.err.println("dropped " + manifest.databases().size() + " database(s)");
    }

    private static PostgresServer server(Map<String, List<String>> o, Manifest manifest) {
        String admin = o.containsKey("jdbc") ? value(o, "jdbc", null)
                : manifest.databases().get(0).jdbcUrl().replace("/" + manifest.databases().get(0).database(), "/postgres");
        return new PostgresServer(admin, value(o, "user", "postgres"), value(o, "password", ""));
    }

    static SourceVersion version(String v) {
        String s = v.toUpperCase(Locale.ROOT).replace(" ", "").replace("_", "");
        return switch (s) {
            case "CB", "CURRENTBRANCH" -> SourceVersion.CURRENT_BRANCH;
            case "2007", "2007SP2", "CM2007", "CM2007SP2" -> SourceVersion.CM2007_SP2;
            case "2007SP1", "CM2007SP1" -> SourceVersion.CM2007_SP1;
            case "2012SP2", "CM2012SP2" -> SourceVersion.CM2012_SP2;
            case "2012R2SP1", "CM2012R2SP1" -> SourceVersion.CM2012_R2_SP1;
            default -> SourceVersion.valueOf(v.toUpperCase(Locale.ROOT));
        };
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            String val = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "";
            opts.computeIfAbsent(key, k -> new ArrayList<>()).add(val);
        }
        return opts;
    }

    private static String value(Map<String, List<String>> o, String key, String def) {
        List<String> v = o.get(key);
        return v == null || v.isEmpty() ? def : v.get(v.size() - 1);
    }

    private static String required(Map<String, List<String>> o, String key) {
        String v = value(o, key, null);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private static String[] split(String s) {
        return s.isBlank() ? new String[0] : s.split(",");
    }

    private static void usage() {
        System.out.println("""
                source-site-simulator: simulated ConfigMgr source site databases on PostgreSQL

                  create     --version CB|2012SP2|2012R2SP1|2007SP2|<SourceVersion> --size tiny|demo|standard|large --seed 42
                             --jdbc jdbc:postgresql://127.0.0.1:5432/postgres [--user postgres] [--password ""] --db-prefix sim
                             [--top CAS] [--primaries P01,P02] [--secondaries S01,S02] [--count TYPE=N ...] [--dps N]
                             [--no-broken] [--manifest manifest.json]
                  mutate     --manifest manifest.json --percent 1 --seed 7 [--out mutation.json]
                  manifest   --manifest manifest.json [--out file]
                  drop       --manifest manifest.json
                  mssql-ddl  --out schema.sql
                  mssql-data --manifest manifest.json --out dir
                """);
    }
}
