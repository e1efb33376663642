package io.cmmigration.gathering.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.testsupport.db.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The pending rows of a run arrive in the database exactly as given, through COPY (PostgreSQL) and through the portable
 * JDBC batch path (SQL Server) alike: text that COPY's format must escape, non-ASCII keys, NULL fingerprints and hashes,
 * more rows than one batch; a row the database refuses fails the run at {@code flush}. A first gathering's rows go
 * straight into gathered_object and are state only once committed.
 */
class PendingWriterTest {

    private static String db;
    private static final PGSimpleDataSource DS = new PGSimpleDataSource();

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.create("gathering_pw");
        DS.setUrl(TestDatabases.url(db) + "?reWriteBatchedInserts=true");
        DS.setUser(TestDatabases.USER);
        DS.setPassword(TestDatabases.PASSWORD);
        GatheringBench.createStateTables(DS);
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(db);
    }

    private static final String[] AWKWARD = {"tab\there", "back\\slash\\N", "line\nbreak\r\nend", "Grüße 日本 😀", "\\.", "quote \" ' ,;", "",
        "trailing\\"};

    @Test
    void copyAndBatchesWriteTheSameRows() throws Exception {
        List<String> viaCopy = write("run-copy", true);
        List<String> viaBatch = write("run-batch", false);
        assertEquals(expected(), viaCopy);
        assertEquals(expected(), viaBatch);
    }

    @Test
    void aFirstGatheringsRowsBecomeStateOnlyWhenCommitted() throws Exception {
        try (ObjectStateStore.PendingWriter w = store(false).pendingWriter("run-direct-batch", 20, true)) {
            assertTrue(!w.direct(), "the JDBC batch path (SQL Server: lock escalation) keeps the pending table");
        }
        long site = 21;
        ObjectStateStore store = store(true);
        try (ObjectStateStore.PendingWriter w = store.pendingWriter("run-direct", site, true)) {
            assertTrue(w.direct());
            for (int i = 0; i < ObjectStateStore.BATCH + 3; i++) {
                w.add("PACKAGE", AWKWARD[i % AWKWARD.length] + "#" + i, "fp" + i, "DISCOVERED", i, -i);
            }
            w.flush();
            assertEquals(0, store.storedCount(site), "written, not yet state");
            assertThrows(IllegalStateException.class, () -> w.add("PACKAGE", "x", null, "REMOVED"), "a first gathering removes nothing");
            w.commit();
        }
        assertEquals(ObjectStateStore.BATCH + 3, store.storedCount(site));
        assertTrue(store.hasStoredState(site));
        StoredState state = store.storedState(site, "PACKAGE");
        int slot = state.slot(AWKWARD[1] + "#1");
        assertTrue(slot >= 0 && state.unchanged(slot, 1, -1) && state.sameFingerprint(slot, "fp1"), "stored as given");
        assertEquals(0, count("SELECT COUNT(*) FROM gathered_object_pending WHERE site_id = " + site));

        // abandoned (failed, stopped, superseded): closed without commit, nothing becomes state
        try (ObjectStateStore.PendingWriter w = store.pendingWriter("run-direct-abandoned", site + 10, true)) {
            w.add("PACKAGE", "P1", "fp", "DISCOVERED", 1, 2);
            w.flush();
        }
        assertEquals(0, store.storedCount(site + 10));
        assertTrue(!store.hasStoredState(site + 10));
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DS.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRefusedRowFailsTheFlush() throws Exception {
        for (boolean copy : new boolean[] {true, false}) {
            ObjectStateStore store = store(copy);
            try (ObjectStateStore.PendingWriter w = store.pendingWriter("run-bad-" + copy, 9)) {
                w.add("PACKAGE", "P1", "f", null, 1, 2); // change_kind is NOT NULL
                IllegalStateException e = assertThrows(IllegalStateException.class, w::flush);
                assertTrue(e.getMessage().contains("writing gathering state failed"), e.getMessage());
            }
        }
    }

    private static ObjectStateStore store(boolean copy) {
        ObjectStateStore store = new ObjectStateStore();
        store.dataSource = DS;
        store.copyIfPostgres = copy;
        return store;
    }

    private static List<String> expected() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ObjectStateStore.BATCH * 2 + 7; i++) {
            String key = AWKWARD[i % AWKWARD.length] + "#" + i;
            rows.add(i % 5 == 0 ? "REMOVED|" + key + "|null|null|null" : "CHANGED|" + key + "|fp" + i + "|" + (Long.MIN_VALUE + i) + "|" + (-i));
        }
        rows.sort(null);
        return rows;
    }

    private static List<String> write(String runId, boolean copy) throws Exception {
        ObjectStateStore store = store(copy);
        try (ObjectStateStore.PendingWriter w = store.pendingWriter(runId, 7)) {
            assertEquals(copy, w.copies());
            for (int i = 0; i < ObjectStateStore.BATCH * 2 + 7; i++) {
                String key = AWKWARD[i % AWKWARD.length] + "#" + i;
                if (i % 5 == 0) {
                    w.add("PACKAGE", key, null, "REMOVED");
                } else {
                    w.add("PACKAGE", key, "fp" + i, "CHANGED", Long.MIN_VALUE + i, -i);
                }
            }
            w.flush();
        }
        List<String> rows = new ArrayList<>();
        try (Connection c = DS.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT site_id, object_type, change_kind, source_id, fingerprint, row_hash, children_hash "
                        + "FROM gathered_object_pending WHERE run_id = '" + runId + "'")) {
            while (rs.next()) {
                assertEquals(7, rs.getLong(1));
                assertEquals("PACKAGE", rs.getString(2));
                rows.add(rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getString(5) + "|" + rs.getObject(6) + "|" + rs.getObject(7));
            }
        }
        rows.sort(null);
        return rows;
    }
}
