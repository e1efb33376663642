package io.cmmigration.systemtests;

import static io.cmmigration.systemtests.Sys.await;
import static io.cmmigration.systemtests.Sys.get;
import static io.cmmigration.systemtests.Sys.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.Size;
import io.cmmigration.simulator.SourceSiteSimulator;
import io.cmmigration.simulator.manifest.DistributionPointEntry;
import io.cmmigration.simulator.manifest.SiteDatabaseManifest;
import io.cmmigration.simulator.mutate.MutationManifest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed document's workflow ("Migrate data between hierarchies": specify the source hierarchy → data gathering →
 * migration jobs → changes in the source → objects modified after migration → shared distribution points and their
 * reassignment → stop gathering → clean up) over the real processes, with two demo-size simulated sources: a current
 * branch stand-alone primary {@code SWP} (with secondary {@code SWS}) and a 2007 SP2 central site {@code SW7}.
 *
 * <p>Every expectation comes from the simulator (its manifest, its mutation manifest, or the source databases read with
 * the catalogue's documented queries), never from the services' own answers: the destination database must hold
 * exactly the source rows (key, name, version) of every migrated type.
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedWorkflowSystemTest {

    static final String CB = "SWP";
    static final String CM07 = "SW7";
    /** Types migrated by the object job of the current-branch hierarchy. */
    static final List<ObjectType> OBJECT_JOB_TYPES = List.of(ObjectType.COLLECTION, ObjectType.PACKAGE, ObjectType.APPLICATION,
            ObjectType.BOUNDARY);

    static SimulatedHierarchy cb;
    static SimulatedHierarchy cm07;
    /** Source rows of CB before the mutation, per type. */
    static final Map<ObjectType, Map<String, Sys.Row>> cbBefore = new HashMap<>();
    static String objectJob;
    static String collectionJob;
    static MutationManifest mutation;
    static int movedDps;

    @BeforeAll
    static void createSources() {
        cb = SourceSiteSimulator.builder().version(SourceVersion.CURRENT_BRANCH).topSiteCode(CB).primaries().secondaries("SWS")
                .size(Size.DEMO).seed(11).create(Sys.DB.url("postgres"), Sys.DB.user(), Sys.DB.password(), "cmm_sys_seed");
        cm07 = SourceSiteSimulator.builder().version(SourceVersion.CM2007_SP2).topSiteCode(CM07).primaries().secondaries("SW8")
                .size(Size.DEMO).seed(12).create(Sys.DB.url("postgres"), Sys.DB.user(), Sys.DB.password(), "cmm_sys_seed");
    }

    @AfterAll
    static void dropSources() {
        if (cb != null) {
            cb.drop();
        }
        if (cm07 != null) {
            cm07.drop();
        }
    }

    @Test
    @Order(1)
    void specifiedSourcesAreGatheredCompletely() throws Exception {
        // The manifest was computed with the same documented queries the test reads the source with.
        for (SimulatedHierarchy h : List.of(cb, cm07)) {
            SiteDatabaseManifest m = h.manifest().database(h.manifest().topSiteCode());
            for (ObjectType t : List.of(ObjectType.COLLECTION, ObjectType.PACKAGE)) {
                assertEquals(m.types().get(t.name()).checksum(), Sys.checksum(Sys.sourceRows(h, m.siteCode(), t)), "source read of " + t);
            }
        }
        assertEquals(CB, Sys.specify(cb, true));
        assertEquals(CM07, Sys.specify(cm07, false));
        Sys.awaitReady(CB, null, Duration.ofMinutes(3));
        Sys.awaitReady(CM07, null, Duration.ofMinutes(3));
        Map<String, Object> site = Sys.site(CB);
        assertEquals("Ready for next data gathering process", site.get("status"));
        assertNotNull(site.get("nextRunAt"), "a next run is scheduled");
        // job-service's catalogue holds exactly what the source holds, type by type.
        Sys.awaitCatalogueMatches(CB, cb, Duration.ofMinutes(2));
        Sys.awaitCatalogueMatches(CM07, cm07, Duration.ofMinutes(2));
        for (ObjectType t : OBJECT_JOB_TYPES) {
            cbBefore.put(t, Sys.sourceRows(cb, CB, t));
        }
    }

    @Test
    @Order(2)
    void objectMigrationJobWritesExactlyTheSourceObjectsIntoTheDestination() throws Exception {
        objectJob = Sys.createJob(Sys.job("Seed workflow: objects", "OBJECT", CB,
                Map.of("types", OBJECT_JOB_TYPES.stream().map(Enum::name).toList())));
        JsonPath job = Sys.awaitJobCompleted(objectJob, Duration.ofMinutes(4));
        Map<String, String> objects = Sys.jobObjects(objectJob);
        assertEquals(job.getLong("total"), objects.size());
        assertEquals(job.getLong("total"), job.getLong("migrated") + job.getLong("failed") + job.getLong("skipped"), job.prettify());

        // Objects the simulator made unmigratable on purpose (a required reference to a deleted object) fail; the rest
        // arrive with exactly the source's key, name and version.
        Set<String> broken = brokenKeys(cb, CB);
        Set<String> builtIns = Sys.builtInCollections(cb, CB);
        assertFalse(builtIns.isEmpty());
        for (ObjectType t : OBJECT_JOB_TYPES) {
            Map<String, Sys.Row> expected = new TreeMap<>(cbBefore.get(t));
            // Built-in collections are mapped to the destination's own (spec 3.7), not written again.
            expected.keySet().removeIf(k -> broken.contains(t.name() + "/" + k) || (t == ObjectType.COLLECTION && builtIns.contains(k)));
            Map<String, Sys.Row> actual = Sys.destinationRows(CB, t);
            assertEquals(expected.size(), actual.size(), "destination count of " + t + " = source count less broken ones");
            assertEquals(expected, actual, "destination rows of " + t);
            if (expected.size() == cbBefore.get(t).size()) {
                // Nothing of the type was unmigratable: the destination reproduces the manifest's checksum itself.
                assertEquals(cb.manifest().database(CB).types().get(t.name()).checksum(), Sys.checksum(actual), "manifest checksum of " + t);
            }
        }
        for (String b : broken) {
            String type = b.substring(0, b.indexOf('/'));
            if (OBJECT_JOB_TYPES.contains(ObjectType.valueOf(type))) {
                assertEquals("FAILED", objects.get(CB + "/" + b), "object with a dangling required reference " + b);
            }
        }
        long[] counts = Sys.destinationCounts(CB);
        assertEquals(job.getLong("migrated"), counts[0] + Sys.mappedBuiltIns(objects, builtIns),
                "destination rows + mapped built-in collections = job's migrated counter (dependencies included)");
        assertEquals(counts[0], counts[1], "no natural key twice");
        Sys.assertReconciliationClean(objectJob, counts[0]);
    }

    @Test
    @Order(3)
    void collectionMigrationJobOf2007MigratesCollectionsWithAssociatedObjects() throws Exception {
        collectionJob = Sys.createJob(Sys.job("Seed workflow: 2007 collections", "COLLECTION", CM07, Map.of()));
        JsonPath job = Sys.awaitJobCompleted(collectionJob, Duration.ofMinutes(4));
        assertEquals(job.getLong("total"), job.getLong("migrated") + job.getLong("failed") + job.getLong("skipped"), job.prettify());
        Set<String> unmigratable = unmigratable2007Collections(cm07, CM07);
        assertFalse(unmigratable.isEmpty(), "the 2007 source has collections that cannot migrate (spec 3.7)");
        Set<String> builtIns = Sys.builtInCollections(cm07, CM07);
        Map<String, Sys.Row> expected = new TreeMap<>(Sys.sourceRows(cm07, CM07, ObjectType.COLLECTION));
        expected.keySet().removeAll(unmigratable);
        expected.keySet().removeAll(builtIns);
        Map<String, Sys.Row> actual = Sys.destinationRows(CM07, ObjectType.COLLECTION);
        Map<String, String> objects = Sys.jobObjects(collectionJob);
        for (String k : unmigratable) {
            assertEquals("FAILED", objects.get(CM07 + "/COLLECTION/" + k), "collection " + k + " cannot migrate");
        }
        assertEquals(expected, actual, "2007 collections in the destination");
        // Associated objects came along: advertisements of the collections and the packages they advertise.
        Map<String, Sys.Row> ads = Sys.destinationRows(CM07, ObjectType.ADVERTISEMENT);
        assertFalse(ads.isEmpty(), "advertisements migrated with their collections");
        Map<String, Sys.Row> sourceAds = Sys.sourceRows(cm07, CM07, ObjectType.ADVERTISEMENT);
        ads.forEach((k, v) -> assertEquals(sourceAds.get(k), v, "advertisement " + k));
        assertFalse(Sys.destinationRows(CM07, ObjectType.PACKAGE).isEmpty(), "advertised packages migrated as associated objects");
        long[] counts = Sys.destinationCounts(CM07);
        assertEquals(job.getLong("migrated"), counts[0] + Sys.mappedBuiltIns(objects, builtIns));
        assertEquals(counts[0], counts[1]);
        Sys.assertReconciliationClean(collectionJob, counts[0]);
    }

    @Test
    @Order(4)
    void dashboardInARealBrowserShowsTheJobsCompletedWithTheirCounts() throws Exception {
        JsonPath job = Sys.jobView(objectJob);
        JsonPath coll = Sys.jobView(collectionJob);
        await("monitoring has both jobs completed", Duration.ofSeconds(60), () ->
                "COMPLETED".equals(get("monitoring-service", "/api/jobs/" + objectJob).getString("status"))
                        && "COMPLETED".equals(get("monitoring-service", "/api/jobs/" + collectionJob).getString("status")));
        try (Browser browser = Browser.open()) {
            browser.get(Sys.stack().url("monitoring-service") + "/#/jobs");
            for (JsonPath j : List.of(job, coll)) {
                String row = "tr[data-job-id='" + j.getString("jobId") + "']";
                browser.waitUntil(d -> browser.text(row + " .status").contains("Completed")
                        && digits(browser.text(row + " td.migrated")).equals(j.getString("migrated")));
                // Figures are shown with digit grouping (1,486).
                assertEquals(j.getString("migrated"), digits(browser.text(row + " td.migrated")), "migrated shown for " + j.getString("name"));
                assertEquals(j.getString("failed"), digits(browser.text(row + " td.failed")));
                assertEquals(j.getString("skipped"), digits(browser.text(row + " td.skipped")));
                assertEquals(j.getString("total"), digits(browser.text(row + " td.total")));
            }
            browser.screenshot("seed-jobs.png");
            browser.assertConsoleClean();
        }
    }

    @Test
    @Order(5)
    void changedSourceObjectsBecomeModifiedAfterTheNextGathering() throws Exception {
        String previous = Sys.lastSuccess(CB);
        mutation = cb.mutate(2.0, 7L);
        Sys.gatherNow(CB);
        Sys.awaitReady(CB, previous, Duration.ofMinutes(3));
        Sys.awaitCatalogueMatches(CB, cb, Duration.ofMinutes(2));
        Set<String> expected = new TreeSet<>();
        MutationManifest.Database db = mutation.databases().get(0);
        for (ObjectType t : OBJECT_JOB_TYPES) {
            Map<String, Sys.Row> migrated = Sys.destinationRows(CB, t);
            var changes = db.types().get(t.name());
            if (changes != null) {
                changes.changed().stream().filter(migrated::containsKey).forEach(k -> expected.add(CB + "/" + t.name() + "/" + k));
            }
        }
        assertFalse(expected.isEmpty(), "the mutation changed migrated objects");
        await("Modified objects in the catalogue", Duration.ofSeconds(60), () -> Sys.catalogueKeys(CB, "MODIFIED").equals(expected));
        assertEquals(expected, Sys.catalogueKeys(CB, "MODIFIED"));
    }

    @Test
    @Order(6)
    void objectsModifiedAfterMigrationJobBringsTheDestinationUpToDate() throws Exception {
        Set<String> modified = Sys.catalogueKeys(CB, "MODIFIED");
        String id = Sys.createJob(Sys.job("Seed workflow: modified after migration", "MODIFIED_AFTER_MIGRATION", CB, Map.of()));
        JsonPath job = Sys.awaitJobCompleted(id, Duration.ofMinutes(3));
        assertEquals(modified, Sys.jobObjects(id).keySet(), "the job's candidates are exactly the Modified objects");
        assertEquals(modified.size(), job.getLong("migrated"), job.prettify());
        for (ObjectType t : OBJECT_JOB_TYPES) {
            Map<String, Sys.Row> now = Sys.sourceRows(cb, CB, t);
            Map<String, Sys.Row> dest = Sys.destinationRows(CB, t);
            Map<String, Sys.Row> expected = new TreeMap<>();
            for (String k : dest.keySet()) {
                boolean changed = modified.contains(CB + "/" + t.name() + "/" + k);
                // Changed objects carry the source's new name and version; removed ones keep what was migrated.
                expected.put(k, changed ? now.get(k) : cbBefore.get(t).get(k));
            }
            assertEquals(expected, dest, "destination rows of " + t + " after the modified-objects job");
        }
        Sys.assertReconciliationClean(id, modified.size());
        assertEquals(Set.of(), Sys.catalogueKeys(CB, "MODIFIED"), "nothing left Modified");
    }

    @Test
    @Order(7)
    void sharedDistributionPointsAreTheQualifyingOnesAndOneIsReassigned() throws Exception {
        List<DistributionPointEntry> dps = cb.manifest().database(CB).distributionPoints();
        Set<String> qualifying = dps.stream().filter(DistributionPointEntry::fqdn).map(DistributionPointEntry::nalPath).collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = dps.stream().map(DistributionPointEntry::nalPath).collect(Collectors.toCollection(TreeSet::new));
        // Every DP of the source is known (after the mutation renamed NetBIOS-only hosts to FQDNs and added a secondary
        // with a DP), and exactly those with an FQDN are shared (client request ports are the destination's 80/443).
        await("shared DPs = qualifying DPs of the manifest", Duration.ofSeconds(60), () -> sharedDps(CB).equals(qualifying)
                && allDps(CB).stream().filter(d -> !Boolean.TRUE.equals(d.get("removedFromSource"))).map(d -> (String) d.get("nalPath"))
                        .collect(Collectors.toCollection(TreeSet::new)).equals(all));
        assertEquals(qualifying, sharedDps(CB));

        DistributionPointEntry standard = dps.stream().filter(d -> "STANDARD".equals(d.kind())).findFirst().orElseThrow();
        Map<String, Object> dp = allDps(CB).stream().filter(d -> standard.nalPath().equals(d.get("nalPath"))).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, dp.get("eligible"), "a standard DP of a 2012+ source is eligible: " + dp);
        assertEquals("REASSIGNMENT", dp.get("eligibilityKind"));
        long reassignment = post("dp-share-service", "/api/reassignments",
                Map.of("dpId", ((Number) dp.get("id")).longValue(), "destinationSiteCode", "DST"), 201).getLong("id");
        await("reassignment completed", Duration.ofSeconds(90),
                () -> "COMPLETED".equals(get("dp-share-service", "/api/reassignments/" + reassignment).getString("state")));
        List<Map<String, Object>> moves = get("dp-share-service", "/api/dp-moves?hierarchyId=" + CB).getList("$");
        assertEquals(1, moves.size(), moves::toString);
        assertEquals(standard.nalPath(), moves.get(0).get("nalPath"));
        assertEquals("DST", moves.get(0).get("destinationSiteCode"));
        assertFalse(((List<?>) moves.get(0).get("steps")).isEmpty());
        await("DP reported reassigned", Duration.ofSeconds(30), () -> "REASSIGNED".equals(
                get("dp-share-service", "/api/shared-dps/" + dp.get("id")).getString("state")));
        movedDps = 1;
    }

    @Test
    @Order(8)
    void stopGatheringThenCleanUpPurgesMigrationDataButKeepsMigratedRecords() throws Exception {
        post("gathering-service", "/api/hierarchies/" + CB + "/sites/" + CB + "/stop", null, 200);
        await("site stopped", Duration.ofSeconds(30), () -> Sys.statusCode(CB) == 4);
        await("no DP offered once gathering stopped", Duration.ofSeconds(60), () -> sharedDps(CB).isEmpty());
        long[] before = Sys.destinationCounts(CB);
        assertTrue(before[0] > 0);

        JsonPath cleaned = post("gathering-service", "/api/hierarchies/" + CB + "/cleanup", null, 200);
        assertEquals("CLEANED_UP", cleaned.getString("state"));
        await("job-service purged catalogue and jobs", Duration.ofSeconds(60), () -> Sys.catalogueTotal(CB, null) == 0
                && get("job-service", "/api/jobs?hierarchyId=" + CB).getList("$").isEmpty());
        await("dp-share-service keeps only the moved DP", Duration.ofSeconds(60), () -> allDps(CB).size() == movedDps);
        await("monitoring lists the hierarchy as cleaned up", Duration.ofSeconds(60), () -> get("monitoring-service", "/api/hierarchies")
                .getList("findAll { it.hierarchyId == '" + CB + "' }.state").contains("CLEANED_UP"));
        long[] after = Sys.destinationCounts(CB);
        assertEquals(before[0], after[0], "migrated records are kept in the destination");
        assertEquals(before[2], after[2], "id mappings are kept");
        // The other source hierarchy is untouched.
        assertEquals(cm07.manifest().database(CM07).types().get("COLLECTION").count(), Sys.catalogueTotal(CM07, ObjectType.COLLECTION));
    }

    // ------------------------------------------------------------------

    static Set<String> brokenKeys(SimulatedHierarchy h, String site) {
        return Sys.brokenKeys(h, site);
    }

    /**
     * The 2007 collections that cannot migrate, worked out from the source database with the rules of spec §3.7 (not
     * with job-service's code): a collection mixing users and devices (CollectionType 0, or direct members of both
     * resource types), one that limits to / includes / excludes a collection of the other resource type, one that
     * depends on a collection missing from the source, a sub-collection of the other resource type than its parent, and
     * (transitively) one that depends on an unmigratable one.
     */
    static Set<String> unmigratable2007Collections(SimulatedHierarchy h, String site) throws Exception {
        Map<String, Integer> type = new HashMap<>();
        Map<String, Set<Integer>> memberTypes = new HashMap<>();
        Map<String, Set<String>> dependsOn = new HashMap<>();
        Map<String, String> subOf = new HashMap<>();
        Set<String> unmigratable = new TreeSet<>();
        try (var c = h.connect(site); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT CollectionID, CollectionType FROM v_Collection")) {
                while (rs.next()) {
                    type.put(rs.getString(1), rs.getObject(2) == null ? -1 : rs.getInt(2));
                }
            }
            try (var rs = st.executeQuery("SELECT CollectionID, ResourceType FROM v_CollectionRuleDirect")) {
                while (rs.next()) {
                    memberTypes.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getInt(2));
                }
            }
            try (var rs = st.executeQuery("SELECT DependentCollectionID, SourceCollectionID FROM vSMS_CollectionDependencies")) {
                while (rs.next()) {
                    dependsOn.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
            try (var rs = st.executeQuery("SELECT ParentCollectionID, SubCollectionID FROM v_CollectToSubCollect")) {
                while (rs.next()) {
                    subOf.put(rs.getString(2), rs.getString(1));
                }
            }
        }
        // A 2007 sub-collection (linked collection) of the other resource type than its parent cannot migrate.
        for (Map.Entry<String, String> e : subOf.entrySet()) {
            Integer sub = type.get(e.getKey());
            Integer parent = type.get(e.getValue());
            if (sub != null && parent != null && sub > 0 && parent > 0 && !sub.equals(parent)) {
                unmigratable.add(e.getKey());
            }
        }
        Set<String> out = new TreeSet<>(unmigratable);
        for (Map.Entry<String, Integer> e : type.entrySet()) {
            int t = e.getValue();
            Set<Integer> members = memberTypes.getOrDefault(e.getKey(), Set.of());
            boolean users = t == 1 || members.contains(4);
            boolean devices = t == 2 || members.contains(5);
            if (t == 0 || (users && devices)) {
                out.add(e.getKey());
            }
            for (String target : dependsOn.getOrDefault(e.getKey(), Set.of())) {
                Integer tt = type.get(target);
                if (tt == null || (tt > 0 && t > 0 && tt != t)) {
                    out.add(e.getKey());
                }
            }
        }
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Map.Entry<String, Set<String>> d : dependsOn.entrySet()) {
                if (type.containsKey(d.getKey()) && !out.contains(d.getKey()) && d.getValue().stream().anyMatch(out::contains)) {
                    grew = out.add(d.getKey()) || grew;
                }
            }
        }
        return out;
    }

    static String digits(String shown) {
        return shown.replaceAll("[^0-9]", "");
    }

    static List<Map<String, Object>> allDps(String hierarchyId) {
        return get("dp-share-service", "/api/shared-dps?size=1000&hierarchyId=" + hierarchyId).getList("items");
    }

    static Set<String> sharedDps(String hierarchyId) {
        return allDps(hierarchyId).stream().filter(d -> Boolean.TRUE.equals(d.get("shared"))).map(d -> (String) d.get("nalPath"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
