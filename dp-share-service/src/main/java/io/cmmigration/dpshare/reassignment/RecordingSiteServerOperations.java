package io.cmmigration.dpshare.reassignment;

import io.cmmigration.common.lease.LeaseService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The implementation used here: no site server is reachable, so each operation is simulated — it takes the configured
 * step time ({@code cmm.dp.reassignment.step-delay}) and is recorded in this service's own database ({@code dp_move_step},
 * and {@code dp_move} for the install), never in the source site database, since migration does not change the source.
 * The unique (reassignment, step) row makes every operation idempotent: a repeated call finds the row and does nothing.
 * It also counts how many operations run at the same time, which makes the concurrency limit observable.
 */
@ApplicationScoped
public class RecordingSiteServerOperations implements SiteServerOperations {

    public static final String UNINSTALL = "UNINSTALL_FROM_SOURCE";
    public static final String INSTALL = "INSTALL_IN_DESTINATION";
    public static final String CONVERT = "CONVERT_CONTENT";

    @ConfigProperty(name = "cmm.dp.reassignment.step-delay", defaultValue = "200ms")
    Duration stepDelay;

    @Inject
    EntityManager em;

    @Inject
    LeaseService leases;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final AtomicInteger performed = new AtomicInteger();

    @Override
    public String uninstallFromSource(Move move) {
        return perform(move, UNINSTALL, move.onSecondarySiteServer()
                ? "Uninstalled the DP role, the management point and secondary site " + move.sourceSiteCode() + " from " + move.serverName()
                : "Uninstalled the DP role of site " + move.sourceSiteCode() + " from " + move.serverName());
    }

    @Override
    public String installInDestination(Move move) {
        return perform(move, INSTALL, "Installed " + move.serverName() + " as a distribution point of destination site "
                + move.destinationSiteCode() + (move.drive() != null ? " (content library on drive " + move.drive() + ")" : ""));
    }

    @Override
    public String convertContent(Move move) {
        return perform(move, CONVERT, "Converted the content of " + move.packageCount() + " package(s) into the single-instance store");
    }

    private String perform(Move move, String step, String detail) {
        if (done(move.reassignmentId(), step)) {
            return detail + " (already done)";
        }
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(stepDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while performing " + step, e);
        } finally {
            running.decrementAndGet();
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                DpMoveStep s = new DpMoveStep();
                s.reassignmentId = move.reassignmentId();
                s.step = step;
                s.detail = detail.length() > 1000 ? detail.substring(0, 1000) : detail;
                s.performedBy = leases.instanceId();
                s.performedAt = Instant.now();
                em.persist(s);
                if (step.equals(INSTALL)) {
                    DpMove m = new DpMove();
                    m.reassignmentId = move.reassignmentId();
                    m.hierarchyId = move.hierarchyId();
                    m.nalPath = move.nalPath();
                    m.serverName = move.serverName();
                    m.sourceSiteCode = move.sourceSiteCode();
                    m.destinationSiteCode = move.destinationSiteCode();
                    m.kind = move.kind();
                    m.secondarySiteUninstalled = move.onSecondarySiteServer();
                    m.movedAt = Instant.now();
                    em.persist(m);
                }
                em.flush();
            });
            performed.incrementAndGet();
        } catch (RuntimeException e) {
            if (done(move.reassignmentId(), step)) {
                return detail + " (already done by another worker)"; // lost the race on the unique row: the step happened once
            }
            throw e;
        }
        return detail;
    }

    private boolean done(long reassignmentId, String step) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select count(s) from DpMoveStep s where s.reassignmentId = :r and s.step = :step", Long.class)
                .setParameter("r", reassignmentId).setParameter("step", step).getSingleResult() > 0);
    }

    /** Highest number of operations that ran at the same time since the start (or the last reset). */
    public int maxConcurrentOperations() {
        return maxRunning.get();
    }

    public int runningOperations() {
        return running.get();
    }

    public int performedOperations() {
        return performed.get();
    }

    public void resetCounters() {
        maxRunning.set(running.get());
        performed.set(0);
    }
}
