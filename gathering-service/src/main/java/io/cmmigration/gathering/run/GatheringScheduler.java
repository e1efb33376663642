package io.cmmigration.gathering.run;

import io.cmmigration.gathering.hierarchy.SourceHierarchy;
import io.cmmigration.gathering.source.GatheringStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts due gathering runs: on every tick, and at once when a site was configured, its credentials changed, DP
 * sharing was enabled or "gather data now" was asked for ({@link #kick()}). A site is due when its next run time has
 * come, or when it shows a run in progress that nobody owns any more (the replica died: its lease expired). The lease
 * in {@link GatheringRunner} makes sure only one replica runs a site.
 */
@ApplicationScoped
public class GatheringScheduler {

    private static final Logger LOG = Logger.getLogger(GatheringScheduler.class);

    @Inject
    GatheringRunner runner;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "cmm.gathering.max-parallel-runs", defaultValue = "2")
    int maxParallelRuns;

    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService pool;
    private final AtomicInteger threadNumber = new AtomicInteger();

    @Scheduled(every = "${cmm.gathering.tick:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        dispatchDue();
    }

    /** Looks for due sites now (after a change that should start a run at once). */
    public void kick() {
        pool().execute(this::dispatchDueQuietly);
    }

    private void dispatchDueQuietly() {
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            LOG.warn("dispatching gathering runs failed", e);
        }
    }

    synchronized void dispatchDue() {
        Instant now = Instant.now();
        List<Long> due = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select s.id from SourceSite s, SourceHierarchy h where h.id = s.hierarchyId and h.state = :active and s.configured = true "
                        + "and s.stopped = false and s.dbPasswordRef is not null and (s.nextRunAt <= :now or s.statusCode in :inProgress) order by s.nextRunAt",
                Long.class).setParameter("active", SourceHierarchy.ACTIVE).setParameter("now", now)
                .setParameter("inProgress", List.of(GatheringStatus.GATHERING, GatheringStatus.GATHERING_HIERARCHY, GatheringStatus.GATHERING_OBJECTS,
                        GatheringStatus.GATHERING_CLIENTS, GatheringStatus.GATHERING_PACKAGE_STATUS))
                .getResultList());
        for (Long id : due) {
            if (!runner.runningHere(id) && queued.add(id)) {
                pool().execute(() -> {
                    try {
                        runner.run(id);
                    } catch (RuntimeException e) {
                        LOG.error("gathering run failed", e);
                    } finally {
                        queued.remove(id);
                    }
                });
            }
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            synchronized (this) {
                if (pool == null) {
                    // +1: the dispatcher itself runs on this pool after a kick.
                    pool = Executors.newFixedThreadPool(Math.max(1, maxParallelRuns) + 1, r -> {
                        Thread t = new Thread(r, "gathering-" + threadNumber.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
        return pool;
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
