package io.cmmigration.common.tx;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries a unit of work that failed for a reason that goes away when it runs again: the database chose it as a
 * deadlock victim, a lock wait timed out, or it lost a race to create the same row. Every other failure (bad input, a
 * malformed event, a bug, the database being down) is rethrown at once: retrying would only repeat it, and a consumer
 * must then dead-letter the event. One mechanism for every service (it replaced one copy that retried any exception and
 * one that recognised deadlocks only).
 */
public final class Retry {

    private static final Logger LOG = Logger.getLogger(Retry.class);

    /** Attempts in all, the first included. */
    public static final int DEFAULT_ATTEMPTS = 5;

    private Retry() {
    }

    /** Runs {@code work} in a new transaction each attempt. */
    public static void inNewTransaction(String what, Runnable work) {
        retrying(what, DEFAULT_ATTEMPTS, () -> {
            QuarkusTransaction.requiringNew().run(work);
            return null;
        });
    }

    /**
     * Runs {@code work} (which opens its own transaction, e.g. a {@code @Transactional} method) up to {@code attempts}
     * times while it fails transiently, with a short growing pause between attempts.
     */
    public static <T> T retrying(String what, int attempts, Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !transient_(e)) {
                    throw e;
                }
                LOG.debugf("%s failed transiently (attempt %d of %d), retrying: %s", what, attempt, attempts, e.toString());
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Whether a failure is worth retrying, anywhere in its cause chain: deadlock victim (PostgreSQL 40P01, SQL Server
     * 1205), serialization failure (40001), lock wait timeout (PostgreSQL 55P03, SQL Server 1222), a duplicate key from
     * two transactions creating the same row at once (PostgreSQL 23505, SQL Server 2601/2627: the retry finds the row
     * the other one created), and JPA's lock exceptions.
     */
    public static boolean transient_(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof PessimisticLockException || t instanceof LockTimeoutException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                int code = s.getErrorCode();
                if ("40P01".equals(state) || "40001".equals(state) || "55P03".equals(state) || "23505".equals(state)
                        || code == 1205 || code == 1222 || code == 2601 || code == 2627) {
                    return true;
                }
            }
        }
        return false;
    }
}
