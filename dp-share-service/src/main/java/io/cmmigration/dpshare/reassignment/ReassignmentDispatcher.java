package io.cmmigration.dpshare.reassignment;

import io.cmmigration.common.lease.LeaseService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The queue of DP moves (spec §4.6): at most {@code cmm.dp.reassignment.max-parallel} (default 50) run at once across
 * all replicas; the next queued one starts when one finishes. One replica dispatches at a time (a database lease); it
 * counts the moves whose worker lease is live, claims work up to the limit — first moves whose worker died mid-way
 * (lease expired: resumed from their recorded state), then queued ones in order — and hands each to a worker thread.
 */
@ApplicationScoped
public class ReassignmentDispatcher {

    private static final Logger LOG = Logger.getLogger(ReassignmentDispatcher.class);
    static final String DISPATCH_LEASE = "dp-reassignment-dispatcher";

    @ConfigProperty(name = "cmm.dp.reassignment.max-parallel", defaultValue = "50")
    int maxParallel;

    @ConfigProperty(name = "cmm.dp.reassignment.lease-duration", defaultValue = "30s")
    Duration leaseDuration;

    @Inject
    EntityManager em;

    @Inject
    LeaseService leases;

    @Inject
    ReassignmentWorker worker;

    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile ExecutorService workers;
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(r -> daemon(r, "dp-reassignment-dispatch"));

    public int maxParallel() {
        return maxParallel;
    }

    /** Asks for a dispatch pass soon (after a request was queued or a move finished). */
    public void wakeUp() {
        again.set(true);
        wakeUps.execute(this::dispatchQuietly);
    }

    @Scheduled(every = "${cmm.dp.reassignment.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        dispatchQuietly();
    }

    /** Keeps the leases of the moves this replica is working on alive while an operation takes long. */
    @Scheduled(every = "${cmm.dp.reassignment.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (runningHere.isEmpty()) {
            return;
        }
        try {
            List<Long> ids = new ArrayList<>(runningHere);
            QuarkusTransaction.requiringNew().run(() -> em.createQuery(
                    "update Reassignment set leaseExpiresAt = :until where id in :ids and leaseOwner = :me")
                    .setParameter("until", Instant.now().plus(leaseDuration)).setParameter("ids", ids)
                    .setParameter("me", leases.instanceId()).executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("lease heartbeat failed: %s", e.toString());
        }
    }

    private void dispatchQuietly() {
        if (!dispatching.compareAndSet(false, true)) {
            return; // the running pass loops while wake-ups arrive
        }
        try {
            do {
                again.set(false);
                dispatch();
            } while (again.get());
        } catch (RuntimeException e) {
            LOG.warnf("dispatch failed, will retry: %s", e.toString());
        } finally {
            dispatching.set(false);
        }
    }

    private void dispatch() {
        if (!leases.tryAcquire(DISPATCH_LEASE, Duration.ofSeconds(15))) {
            return;
        }
        Instant now = Instant.now();
        long live = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select count(r) from Reassignment r where r.state not in :terminal and r.leaseExpiresAt > :now", Long.class)
                .setParameter("terminal", ReassignmentState.TERMINAL).setParameter("now", now).getSingleResult());
        int free = maxParallel - (int) live;
        if (free <= 0) {
            return;
        }
        List<Long> candidates = QuarkusTransaction.requiringNew().call(() -> {
            List<Long> ids = new ArrayList<>(em.createQuery("select r.id from Reassignment r where r.state in :inFlight"
                    + " and (r.leaseExpiresAt is null or r.leaseExpiresAt <= :now) order by r.id", Long.class)
                    .setParameter("inFlight", ReassignmentState.IN_FLIGHT).setParameter("now", now).setMaxResults(free).getResultList());
            if (ids.size() < free) {
                ids.addAll(em.createQuery("select r.id from Reassignment r where r.state = :queued"
                        + " and (r.leaseExpiresAt is null or r.leaseExpiresAt <= :now) order by r.id", Long.class)
                        .setParameter("queued", ReassignmentState.QUEUED).setParameter("now", now)
                        .setMaxResults(free - ids.size()).getResultList());
            }
            return ids;
        });
        for (Long id : candidates) {
            if (runningHere.contains(id)) {
                continue; // the previous worker thread of this replica has not noticed it lost the lease yet
            }
            if (claim(id, now)) {
                runningHere.add(id);
                workers().execute(() -> {
                    try {
                        worker.run(id);
                    } finally {
                        runningHere.remove(id);
                        wakeUp();
                    }
                });
            }
        }
    }

    /** Takes the lease of a move that nobody (alive) owns; counts the attempt. */
    private boolean claim(long id, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("update Reassignment set leaseOwner = :me, leaseExpiresAt = :until,"
                + " attempts = attempts + 1 where id = :id and state not in :terminal and (leaseExpiresAt is null or leaseExpiresAt <= :now)")
                .setParameter("me", leases.instanceId()).setParameter("until", Instant.now().plus(leaseDuration)).setParameter("id", id)
                .setParameter("terminal", ReassignmentState.TERMINAL).setParameter("now", now).executeUpdate() == 1);
    }

    private ExecutorService workers() {
        if (workers == null) {
            synchronized (this) {
                if (workers == null) {
                    workers = Executors.newFixedThreadPool(Math.max(1, maxParallel), r -> daemon(r, "dp-reassignment-worker"));
                }
            }
        }
        return workers;
    }

    void onStop(@Observes ShutdownEvent ev) {
        wakeUps.shutdownNow();
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
