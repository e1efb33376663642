package io.cmmigration.common.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static RuntimeException wrapped(SQLException e) {
        // As Hibernate and the transaction manager hand it over: the SQL error a few causes down.
        return new IllegalStateException("transaction failed", new jakarta.persistence.PersistenceException("could not execute statement", e));
    }

    @Test
    void deadlockVictimsAndLostCreateRacesAreRetriedUntilTheyPass() {
        AtomicInteger calls = new AtomicInteger();
        String result = Retry.retrying("create job", 5, () -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw wrapped(new SQLException("deadlock detected", "40P01"));
            }
            if (n == 2) {
                throw wrapped(new SQLException("Transaction was deadlocked", "40001", 1205)); // SQL Server
            }
            if (n == 3) {
                throw wrapped(new SQLException("duplicate key value violates unique constraint", "23505"));
            }
            return "created";
        });
        assertEquals("created", result);
        assertEquals(4, calls.get());
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException bug = new IllegalArgumentException("malformed event");
        assertSame(bug, assertThrows(IllegalArgumentException.class, () -> Retry.retrying("apply", 5, () -> {
            calls.incrementAndGet();
            throw bug;
        })));
        assertEquals(1, calls.get());
        assertFalse(Retry.transient_(wrapped(new SQLException("password authentication failed", "28P01"))));
        assertFalse(Retry.transient_(wrapped(new SQLException("connection refused", "08001"))));
    }

    @Test
    void aFailureThatPersistsIsRethrownAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException last = assertThrows(RuntimeException.class, () -> Retry.retrying("refresh", 3, () -> {
            calls.incrementAndGet();
            throw wrapped(new SQLException("canceling statement due to lock timeout", "55P03"));
        }));
        assertEquals(3, calls.get());
        assertTrue(Retry.transient_(last));
    }
}
