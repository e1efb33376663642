package io.cmmigration.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.SourceQuery;
import io.cmmigration.localstack.DatabaseServer;
import io.cmmigration.localstack.MigrationStack;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.manifest.TypeSummary;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * What the system tests do as an administrator (REST calls with admin/admin) and what they read behind the system's
 * back to derive expectations independently of the code under test: the source site databases through the catalogue's
 * documented source queries (the same rows the simulator's manifest is computed from) and the destination database.
 */
final class Sys {

    static final DatabaseServer DB = SharedStack.DB;

    private Sys() {
    }

    static MigrationStack stack() {
        return SharedStack.stack();
    }

    static RequestSpecification admin(String service) {
        return RestAssured.given().baseUri(stack().url(service)).auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON);
    }

    static JsonPath get(String service, String path) {
        Response r = admin(service).get(path);
        assertEquals(200, r.statusCode(), () -> "GET " + service + path + ": " + r.asString());
        return r.jsonPath();
    }

    static JsonPath post(String service, String path, Object body, int expected) {
        RequestSpecification s = admin(service);
        if (body != null) {
            s = s.body(body);
        }
        Response r = s.post(path);
        assertEquals(expected, r.statusCode(), () -> "POST " + service + path + ": " + r.asString());
        String text = r.asString();
        return text == null || text.isBlank() ? null : r.jsonPath();
    }

    static void await(String what, Duration atMost, Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().alias(what).atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(condition);
    }

    // ------------------------------------------------------------------ gathering

    /** Stores the source password as a secret and specifies the hierarchy by its top site; returns the hierarchy id. */
    static String specify(SimulatedHierarchy source, boolean dpSharing) {
        String top = source.manifest().topSiteCode();
        String secret = "src-" + top.toLowerCase();
        RequestSpecification s = admin("gathering-service").body(Map.of("value", DB.password().isEmpty() ? "not-needed" : DB.password()));
        assertEquals(204, s.put("/api/secrets/" + secret).statusCode());
        JsonPath created = post("gathering-service", "/api/hierarchies", Map.of(
                "topSite", Map.of("server", top.toLowerCase() + ".contoso.com", "jdbcUrl", source.databases().get(top),
                        "databaseAccount", Map.of("username", DB.user(), "passwordRef", "secret:" + secret),
                        "providerAccount", Map.of("username", "CONTOSO\\svc-migration", "passwordRef", "secret:" + secret)),
                "destinationSiteCode", "DST", "gatheringIntervalMinutes", 240, "dpSharing", dpSharing), 201);
        assertEquals(top, created.getString("hierarchyId"));
        return top;
    }

    /** The top site's view in gathering-service (statusCode, status, statusMessage, lastSuccessAt ...). */
    static Map<String, Object> site(String hierarchyId) {
        List<Map<String, Object>> sites = get("gathering-service", "/api/hierarchies/" + hierarchyId).getList("sites");
        return sites.stream().filter(s -> hierarchyId.equals(s.get("siteCode"))).findFirst()
                .orElseThrow(() -> new AssertionError("no site " + hierarchyId + " in " + sites));
    }

    static int statusCode(String hierarchyId) {
        return ((Number) site(hierarchyId).get("statusCode")).intValue();
    }

    static String lastSuccess(String hierarchyId) {
        return (String) site(hierarchyId).get("lastSuccessAt");
    }

    /** Waits until the top site is Ready (1) with a last success different from {@code previousSuccess} (null: any). */
    static void awaitReady(String hierarchyId, String previousSuccess, Duration atMost) {
        await(hierarchyId + " gathering Ready", atMost, () -> {
            Map<String, Object> s = site(hierarchyId);
            Object last = s.get("lastSuccessAt");
            return ((Number) s.get("statusCode")).intValue() == 1 && last != null && (previousSuccess == null || !previousSuccess.equals(last));
        });
    }

    static void gatherNow(String hierarchyId) {
        post("gathering-service", "/api/hierarchies/" + hierarchyId + "/sites/" + hierarchyId + "/gather-now", null, 202);
    }

    // ------------------------------------------------------------------ job-service

    /** Catalogue rows of a hierarchy (all states, REMOVED included), of one type or (null) of all. */
    static long catalogueTotal(String hierarchyId, ObjectType type) {
        return catalogueCount(hierarchyId, type, null);
    }

    /** Objects the source still has: the catalogue less those in state REMOVED (kept as history of the source). */
    static long catalogueLive(String hierarchyId, ObjectType type) {
        return catalogueCount(hierarchyId, type, null) - catalogueCount(hierarchyId, type, "REMOVED");
    }

    static long catalogueCount(String hierarchyId, ObjectType type, String state) {
        RequestSpecification s = admin("job-service").queryParam("hierarchyId", hierarchyId).queryParam("size", 1);
        if (type != null) {
            s = s.queryParam("type", type.name());
        }
        if (state != null) {
            s = s.queryParam("state", state);
        }
        Response r = s.get("/api/objects");
        assertEquals(200, r.statusCode(), r::asString);
        return r.jsonPath().getLong("total");
    }

    /** Object keys (site/TYPE/sourceId) of the catalogue in one state, all pages. */
    static Set<String> catalogueKeys(String hierarchyId, String state) {
        Set<String> keys = new java.util.TreeSet<>();
        for (int page = 0; ; page++) {
            JsonPath p = JsonPath.from(admin("job-service").queryParam("hierarchyId", hierarchyId).queryParam("state", state)
                    .queryParam("size", 1000).queryParam("page", page).get("/api/objects").then().statusCode(200).extract().asString());
            List<String> items = p.getList("items.objectKey");
            keys.addAll(items);
            if (items.size() < 1000) {
                return keys;
            }
        }
    }

    /**
     * Waits until job-service's catalogue holds exactly the manifest's count of every type of the hierarchy (objects the
     * source removed stay in the catalogue in state REMOVED and are not counted).
     */
    static void awaitCatalogueMatches(String hierarchyId, SimulatedHierarchy source, Duration atMost) {
        Map<String, TypeSummary> types = source.manifest().database(source.manifest().topSiteCode()).types();
        await(hierarchyId + " catalogue = manifest", atMost, () -> {
            for (Map.Entry<String, TypeSummary> t : types.entrySet()) {
                if (catalogueLive(hierarchyId, ObjectType.valueOf(t.getKey())) != t.getValue().count()) {
                    return false;
                }
            }
            return true;
        });
        for (Map.Entry<String, TypeSummary> t : types.entrySet()) {
            assertEquals(t.getValue().count(), catalogueLive(hierarchyId, ObjectType.valueOf(t.getKey())), "catalogue count of " + t.getKey());
        }
    }

    static String createJob(Map<String, Object> body) {
        return post("job-service", "/api/jobs", body, 201).getString("jobId");
    }

    static Map<String, Object> job(String name, String type, String hierarchyId, Map<String, Object> selection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", type);
        body.put("hierarchyId", hierarchyId);
        body.put("selection", selection);
        body.put("securityScopes", List.of("Default"));
        body.put("schedule", Map.of("mode", "NOW"));
        return body;
    }

    static JsonPath jobView(String jobId) {
        return get("job-service", "/api/jobs/" + jobId);
    }

    static JsonPath awaitJobCompleted(String jobId, Duration atMost) {
        await("job " + jobId + " completed", atMost, () -> {
            String status = jobView(jobId).getString("status");
            if ("FAILED".equals(status) || "STOPPED".equals(status)) {
                throw new AssertionError("job " + jobId + " ended " + status + ": " + jobView(jobId).prettify());
            }
            return "COMPLETED".equals(status);
        });
        return jobView(jobId);
    }

    /** Objects of a job with their status (all pages): object key to status. */
    static Map<String, String> jobObjects(String jobId) {
        Map<String, String> out = new TreeMap<>();
        for (int page = 0; ; page++) {
            JsonPath p = JsonPath.from(admin("job-service").queryParam("size", 1000).queryParam("page", page).get("/api/jobs/" + jobId + "/objects")
                    .then().statusCode(200).extract().asString());
            List<Map<String, Object>> items = p.getList("items");
            for (Map<String, Object> i : items) {
                out.put((String) i.get("objectKey"), (String) i.get("status"));
            }
            if (items.size() < 1000) {
                return out;
            }
        }
    }

    /** Reconciliation on demand; asserts it is clean: every row the job wrote checked, none differing. */
    static JsonPath assertReconciliationClean(String jobId, long expectedChecked) {
        JsonPath r = post("job-service", "/api/jobs/" + jobId + "/reconcile", null, 200);
        assertEquals(Map.of(), r.getMap("differencesByKind"), () -> "reconciliation of job " + jobId + ": " + r.prettify());
        assertEquals(expectedChecked, r.getLong("checked"), () -> "rows checked by reconciliation of job " + jobId + ": " + r.prettify());
        assertEquals(expectedChecked, r.getLong("matching"));
        return r;
    }

    // ------------------------------------------------------------------ source and destination, read directly

    /** A row as the manifest summarises it: name and version (empty when the type has no version column). */
    record Row(String name, String version) {
    }

    /**
     * Runs the catalogue's documented source query of {@code type} on the source site database: key to (name, version),
     * exactly the lines the simulator's manifest checksum is computed from.
     */
    static Map<String, Row> sourceRows(SimulatedHierarchy source, String siteCode, ObjectType type) throws Exception {
        SourceQuery q = ObjectTypeCatalogue.spec(type).source();
        Map<String, Row> rows = new TreeMap<>();
        try (Connection c = source.connect(siteCode); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q.sql())) {
            int key = rs.findColumn(q.keyColumn());
            int name = rs.findColumn(q.nameColumn());
            int ver = q.versionColumn() == null ? -1 : rs.findColumn(q.versionColumn());
            while (rs.next()) {
                rows.put(rs.getString(key), new Row(nz(rs.getString(name)), ver < 0 ? "" : nz(rs.getString(ver))));
            }
        }
        return rows;
    }

    /** The manifest's checksum over rows (lines key TAB name TAB version, sorted by key in Java String order). */
    static String checksum(Map<String, Row> rows) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<String> keys = new ArrayList<>(rows.keySet());
        keys.sort(String::compareTo);
        for (String k : keys) {
            Row r = rows.get(k);
            sha.update((k + "\t" + r.name() + "\t" + r.version() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String destinationDb() {
        return stack().databaseOf("job-service", "quarkus.datasource.destination.");
    }

    /** The destination's migrated objects of one type of one hierarchy: source id to (name, source version). */
    static Map<String, Row> destinationRows(String hierarchyId, ObjectType type) throws Exception {
        boolean versioned = ObjectTypeCatalogue.spec(type).source().versionColumn() != null;
        Map<String, Row> rows = new TreeMap<>();
        try (Connection c = DB.connect(destinationDb());
                PreparedStatement ps = c.prepareStatement("SELECT source_id, name, source_version FROM migrated_object WHERE hierarchy_id = ? AND object_type = ?")) {
            ps.setString(1, hierarchyId);
            ps.setString(2, type.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row previous = rows.put(rs.getString(1), new Row(nz(rs.getString(2)), versioned && rs.getObject(3) != null ? rs.getString(3) : ""));
                    if (previous != null) {
                        throw new AssertionError("duplicate destination row for " + hierarchyId + " " + type + " " + rs.getString(1));
                    }
                }
            }
        }
        return rows;
    }

    static long count(String database, String sql, Object... params) throws Exception {
        try (Connection c = DB.connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Destination rows of a hierarchy, and distinct natural keys among them (equal when nothing is duplicated). */
    static long[] destinationCounts(String hierarchyId) throws Exception {
        return new long[] {
            count(destinationDb(), "SELECT count(*) FROM migrated_object WHERE hierarchy_id = ?", hierarchyId),
            count(destinationDb(), "SELECT count(*) FROM (SELECT DISTINCT source_site, object_type, source_id FROM migrated_object WHERE hierarchy_id = ?) d",
                    hierarchyId),
            count(destinationDb(), "SELECT count(*) FROM id_mapping WHERE hierarchy_id = ?", hierarchyId)};
    }

    /** TYPE/key of every object of a site database that holds a deliberately dangling catalogue reference (manifest). */
    static Set<String> brokenKeys(SimulatedHierarchy h, String site) {
        Set<String> keys = new java.util.TreeSet<>();
        for (io.cmmigration.simulator.manifest.BrokenReference b : h.manifest().database(site).brokenReferences()) {
            // A DependentProgram naming a deleted package is not a catalogue reference: that package still migrates.
            if (b.type() != null && !"dependentProgram".equals(b.reference())) {
                keys.add(b.type().name() + "/" + b.key());
            }
        }
        return keys;
    }

    /**
     * Runs an object migration job of {@code types} and checks the destination against the source: per type exactly
     * the source rows (key, name, version) less the objects with a dangling reference, no natural key twice, the job's
     * counters adding up to the rows written, and job-service's reconciliation clean.
     */
    static JsonPath migrateAndVerify(String name, String hierarchyId, SimulatedHierarchy source, List<ObjectType> types, Duration atMost)
            throws Exception {
        String jobId = createJob(job(name, "OBJECT", hierarchyId, Map.of("types", types.stream().map(Enum::name).toList())));
        JsonPath job = awaitJobCompleted(jobId, atMost);
        verifyDestination(hierarchyId, source, types, job);
        return job;
    }

    static void verifyDestination(String hierarchyId, SimulatedHierarchy source, List<ObjectType> types, JsonPath job) throws Exception {
        String jobId = job.getString("jobId");
        assertEquals(job.getLong("total"), job.getLong("migrated") + job.getLong("failed") + job.getLong("skipped"), job.prettify());
        String site = source.manifest().topSiteCode();
        Set<String> broken = brokenKeys(source, site);
        Set<String> builtIns = builtInCollections(source, site);
        for (ObjectType t : types) {
            Map<String, Row> expected = new TreeMap<>(sourceRows(source, site, t));
            expected.keySet().removeIf(k -> broken.contains(t.name() + "/" + k) || (t == ObjectType.COLLECTION && builtIns.contains(k)));
            Map<String, Row> actual = destinationRows(hierarchyId, t);
            assertEquals(expected.size(), actual.size(), "destination count of " + t + " in " + hierarchyId
                    + " = source count less broken ones and built-in collections");
            assertEquals(expected, actual, "destination rows of " + t + " in " + hierarchyId);
        }
        long[] counts = destinationCounts(hierarchyId);
        assertEquals(counts[0], counts[1], "no natural key twice in the destination");
        assertEquals(counts[0], counts[2], "one id mapping per destination row");
        Map<String, String> objects = jobObjects(jobId);
        long mappedBuiltIns = mappedBuiltIns(objects, builtIns);
        long written = rowsWrittenBy(hierarchyId, jobId);
        assertEquals(job.getLong("migrated"), written + mappedBuiltIns,
                "the job's migrated counter = rows it wrote + built-in collections mapped to the destination's own");
        Map<String, Long> byStatus = objects.values().stream().collect(java.util.stream.Collectors.groupingBy(v -> v,
                java.util.stream.Collectors.counting()));
        assertEquals(job.getLong("total"), byStatus.values().stream().mapToLong(Long::longValue).sum(), "objects in the job: " + byStatus);
        assertEquals(job.getLong("migrated"), byStatus.getOrDefault("COMPLETED", 0L), "objects completed = migrated counter: " + byStatus);
        assertEquals(job.getLong("failed"), byStatus.getOrDefault("FAILED", 0L), "objects failed = failed counter: " + byStatus);
        assertReconciliationClean(jobId, written);
    }

    /**
     * Built-in collections of a site database (IsBuiltIn = 1: All Systems SMS00001 ...). Spec §3.7: they exist in every
     * hierarchy, so a job maps them to the destination's own collection of the same id instead of writing a row.
     */
    static Set<String> builtInCollections(SimulatedHierarchy source, String site) throws Exception {
        Set<String> ids = new java.util.TreeSet<>();
        try (Connection c = source.connect(site); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CollectionID FROM v_Collection WHERE IsBuiltIn = 1")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Built-in collections of the job that completed (mapped, nothing written); asserts none of them failed. */
    static long mappedBuiltIns(Map<String, String> jobObjects, Set<String> builtIns) {
        long n = 0;
        for (Map.Entry<String, String> e : jobObjects.entrySet()) {
            String k = e.getKey();
            int slash = k.lastIndexOf('/');
            if (k.contains("/COLLECTION/") && builtIns.contains(k.substring(slash + 1))) {
                assertEquals("COMPLETED", e.getValue(), "built-in collection " + k + " is mapped to the destination's own");
                n++;
            }
        }
        return n;
    }

    static long rowsWrittenBy(String hierarchyId, String jobId) throws Exception {
        return count(destinationDb(), "SELECT count(*) FROM migrated_object WHERE hierarchy_id = ? AND job_id = ?", hierarchyId, Long.parseLong(jobId));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String db(String jdbcUrl) {
        return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
