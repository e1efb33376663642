package io.cmmigration.gathering.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.gathering.source.SiteDatabaseInfo;
import io.cmmigration.gathering.source.SourceConnector;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.manifest.TypeSummary;
import io.cmmigration.simulator.mutate.MutationManifest;
import io.cmmigration.testsupport.db.TestDatabases;
import io.cmmigration.testsupport.kafka.TestKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Change detection run by run, without Quarkus (the real reader, state store and producer against a simulated source
 * and the test broker), once with the row hashes computed by the source database and once with the fallback for sources
 * that cannot hash rows (hashes computed by the reader): the same objects must be published either way. Also the switch
 * between the two (the first run after upgrading from Java hashes) publishes nothing.
 */
class ChangeDetectionTest {

    private static final String TYPE_DP = DistributionPointReader.STATE_TYPE;

    @Test
    void databaseRowHashesPublishExactlyTheChanges() throws Exception {
        scenario("CDH", true); // pending rows written with COPY (PostgreSQL)
    }

    @Test
    void sourcesWithoutDatabaseHashesPublishExactlyTheChanges() throws Exception {
        scenario("CDJ", false); // pending rows written with JDBC batches (the SQL Server path)
    }

    @Test
    void switchingFromJavaHashesToDatabaseHashesPublishesNothing() throws Exception {
        SimulatedHierarchy source = SourceFixtures.simulate(SourceVersion.CURRENT_BRANCH, "CDU", "P07");
        try (Site site = new Site(source, "CDU")) {
            site.run(false, false);
            assertEquals(Map.of(), site.run(true, true), "stored Java hashes differ from the database's: read again, nothing published");
            assertEquals(Map.of(), site.run(true, true), "and then the stored hashes are the database's");
        } finally {
            source.drop();
        }
    }

    private void scenario(String top, boolean databaseHashes) throws Exception {
        SimulatedHierarchy source = SourceFixtures.simulate(SourceVersion.CURRENT_BRANCH, top, top.equals("CDH") ? "P05" : "P06");
        try (Site site = new Site(source, top)) {
            site.store.copyIfPostgres = databaseHashes;
            Map<String, Set<String>[]> first = site.run(false, databaseHashes);
            for (Map.Entry<String, TypeSummary> t : source.manifest().database(top).types().entrySet()) {
                assertEquals(t.getValue().count(), first.get(t.getKey())[0].size(), "discovered " + t.getKey());
            }
            assertEquals(Map.of(), site.run(true, databaseHashes), "unchanged source: nothing published");

            MutationManifest mutation = source.mutate(10, 99);
            Map<String, Set<String>[]> changed = site.run(true, databaseHashes);
            changed.remove(TYPE_DP);
            Set<String> types = new TreeSet<>(changed.keySet());
            types.addAll(mutation.database(top).types().keySet());
            for (String type : types) {
                MutationManifest.TypeChanges m = mutation.database(top).types().get(type);
                Set<String>[] got = changed.getOrDefault(type, empty());
                assertEquals(m == null ? Set.of() : new TreeSet<>(m.added()), got[0], "added " + type);
                assertEquals(m == null ? Set.of() : new TreeSet<>(m.changed()), got[1], "changed " + type);
                assertEquals(m == null ? Set.of() : new TreeSet<>(m.removed()), got[2], "removed " + type);
            }

            // A child row and a relation row change without the parent row changing: exactly these parents are CHANGED.
            String pkg = site.value("SELECT MIN(p.PackageID) FROM v_Package p JOIN v_Program g ON g.PackageID = p.PackageID WHERE p.PackageType = 0");
            String foldered = site.value("SELECT MIN(f.InstanceKey) FROM vFolderMembers f JOIN v_Collection c ON c.CollectionID = f.InstanceKey "
                    + "WHERE f.ObjectTypeName = 'SMS_Collection'");
            site.execute("UPDATE PkgPrograms SET CommandLine = 'setup.exe /child-only' WHERE PackageID = '" + pkg + "'");
            site.execute("DELETE FROM FolderMembers WHERE ObjectTypeName = 'SMS_Collection' AND InstanceKey = '" + foldered + "'");
            Map<String, Set<String>[]> childOnly = site.run(true, databaseHashes);
            assertEquals(Set.of(pkg), childOnly.get("PACKAGE")[1]);
            assertEquals(Set.of(foldered), childOnly.get("COLLECTION")[1]);
            assertEquals(Set.of("COLLECTION", "PACKAGE"), childOnly.keySet());
            assertTrue(childOnly.values().stream().allMatch(k -> k[0].isEmpty() && k[2].isEmpty()));

            assertEquals(Map.of(), site.run(true, databaseHashes), "unchanged again: nothing published");

            // A hosted package's version moves on one DP (nothing else): exactly that DP is CHANGED (with database
            // hashes, the DP hash pass sees it in the sum of its package rows' hashes).
            String nal = site.value("SELECT MIN(ServerNALPath) FROM PkgServers");
            String dpSite = site.value("SELECT SiteCode FROM v_DistributionPointInfo WHERE NALPath = '" + nal + "'");
            String hostedPackage = site.value("SELECT MIN(PackageID) FROM PkgServers WHERE ServerNALPath = '" + nal + "'");
            site.execute("UPDATE PkgServers SET SourceVersion = SourceVersion + 1 WHERE ServerNALPath = '" + nal + "' AND PackageID = '"
                    + hostedPackage + "'");
            Map<String, Set<String>[]> dpOnly = site.run(true, databaseHashes);
            assertEquals(Set.of(TYPE_DP), dpOnly.keySet());
            assertEquals(Set.of(dpSite.trim() + "/" + nal.trim()), dpOnly.get(TYPE_DP)[1]);
            assertTrue(dpOnly.get(TYPE_DP)[0].isEmpty() && dpOnly.get(TYPE_DP)[2].isEmpty());
            assertEquals(Map.of(), site.run(true, databaseHashes), "and unchanged after it");
        } finally {
            source.drop();
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] empty() {
        return new Set[] {Set.of(), Set.of(), Set.of()};
    }

    /** One configured site (id 1) with its own state database; each run is committed as the service commits it. */
    private static final class Site implements AutoCloseable {
        private final String top;
        private final String url;
        private final String stateDb;
        private final PGSimpleDataSource ds = new PGSimpleDataSource();
        private final ObjectStateStore store = new ObjectStateStore();
        private final ObjectPublisher publisher = new ObjectPublisher();
        private final GatheringBench.Bench bench;
        private final SourceConnector connector = new SourceConnector();

        Site(SimulatedHierarchy source, String top) throws Exception {
            this.top = top;
            this.url = source.databases().get(top);
            this.stateDb = TestDatabases.create("gathering_cd");
            ds.setUrl(TestDatabases.url(stateDb) + "?reWriteBatchedInserts=true");
            ds.setUser(TestDatabases.USER);
            ds.setPassword(TestDatabases.PASSWORD);
            GatheringBench.createStateTables(ds);
            store.dataSource = ds;
            publisher.bootstrapServers = TestKafka.bootstrapServers();
            publisher.lingerMs = 5;
            publisher.batchSize = 65536;
            bench = new GatheringBench.Bench(store, publisher, ds, url);
        }

        /** One run; returns what it published per type (discovered, changed, removed keys), types with nothing left out. */
        Map<String, Set<String>[]> run(boolean hasState, boolean databaseHashes) throws Exception {
            String runId = UUID.randomUUID().toString();
            try (Connection side = connector.open(url, TestDatabases.USER, TestDatabases.PASSWORD, false);
                    Connection main = connector.open(url, TestDatabases.USER, TestDatabases.PASSWORD, true);
                    ObjectStateStore.PendingWriter pending = store.pendingWriter(runId, 1, !store.hasStoredState(1))) {
                SiteDatabaseInfo info = SiteDatabaseInfo.read(side, null, 0);
                RunContext ctx = new RunContext(top, top, 1, runId, hasState, main, side, 0, publisher.delivery(), store, pending, () -> { },
                        () -> connector.open(url, TestDatabases.USER, TestDatabases.PASSWORD, true));
                assertTrue(ctx.dialect().hashesRows(), "PostgreSQL 14+ hashes rows");
                if (!databaseHashes) {
                    ctx.useDialect(ctx.dialect().withoutRowHashes());
                }
                try {
                    GatheringRunner.gatherPhases(ctx, SourceFamily.CM2012_PLUS, info, phase -> { });
                    pending.flush();
                    ctx.delivery.awaitAll();
                } finally {
                    ctx.closeStreams();
                }
                assertEquals(!hasState && pending.copies(), pending.direct(), "a first gathering on PostgreSQL writes its state straight into "
                        + "gathered_object (the JDBC batch path, SQL Server's, keeps the pending table)");
                Map<String, Set<String>[]> published = new TreeMap<>(bench.publishedKeys(runId));
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    ObjectStateStore.commitRun(c, runId, 1);
                    pending.commit();
                    c.commit();
                }
                if (pending.direct()) {
                    assertEquals(Map.of(), published, "nothing in the pending table");
                    published = new TreeMap<>(bench.storedKeys()); // every stored object was discovered by this run
                }
                published.values().removeIf(k -> k[0].isEmpty() && k[1].isEmpty() && k[2].isEmpty());
                return published;
            }
        }

        String value(String sql) throws Exception {
            try (Connection c = connector.open(url, TestDatabases.USER, TestDatabases.PASSWORD, false); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                assertTrue(rs.next(), sql);
                return rs.getString(1);
            }
        }

        void execute(String sql) throws Exception {
            try (Connection c = java.sql.DriverManager.getConnection(url, TestDatabases.USER, TestDatabases.PASSWORD); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        @Override
        public void close() {
            publisher.onStop(null);
            TestDatabases.drop(stateDb);
        }
    }
}
