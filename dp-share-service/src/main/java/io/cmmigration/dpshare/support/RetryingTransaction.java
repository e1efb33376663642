package io.cmmigration.dpshare.support;

import io.cmmigration.events.EventCodec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * Runs a unit of work in its own transaction and retries it a few times when it fails for a reason that can go away
 * (a lock conflict or deadlock between two evaluations of the same DPs). A malformed event is never retried: it goes
 * straight to the dead-letter topic.
 */
public final class RetryingTransaction {

    private static final Logger LOG = Logger.getLogger(RetryingTransaction.class);
    private static final int ATTEMPTS = 5;

    private RetryingTransaction() {
    }

    public static void run(String what, Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(work);
                return;
            } catch (EventCodec.MalformedEventException | IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("%s failed (attempt %d), retrying: %s", what, attempt, e.toString());
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
