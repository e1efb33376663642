package io.cmmigration.job.job.execution;

import io.cmmigration.common.lease.LeaseService;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.job.job.persistence.MigrationJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts due jobs and resumes orphaned ones. Every replica polls; a job runs where its lease is taken. A job that is
 * Running without a live lease (its owner died) is taken over by whichever replica gets the lease first and continues
 * from its per-object status. Leases of jobs running here are renewed on every poll as well as on every batch.
 */
@ApplicationScoped
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class);

    @Inject
    LeaseService leases;

    @Inject
    JobRunner runner;

    @ConfigProperty(name = "cmm.job.lease-seconds", defaultValue = "20")
    int leaseSeconds;

    @ConfigProperty(name = "cmm.job.workers", defaultValue = "2")
    int workers;

    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService executor;

    @Scheduled(every = "${cmm.job.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void poll() {
        for (Long id : runningHere) {
            leases.tryAcquire(JobRunner.leaseName(id), Duration.ofSeconds(leaseSeconds));
        }
        Instant now = Instant.now();
        List<Long> due = QuarkusTransaction.requiringNew().call(() -> MigrationJob.<MigrationJob>find(
                "(status = ?1 and postponed = false and (scheduleMode = 'NOW' or (scheduleMode = 'AT' and runAt <= ?2))) or status = ?3 order by id",
                JobStatusEvent.Status.NOT_STARTED, now, JobStatusEvent.Status.RUNNING).list().stream().map(j -> j.id).toList());
        for (Long id : due) {
            if (runningHere.size() >= workers) {
                return;
            }
            // Claimed atomically: poll() also runs from the REST thread right after a job is created or started, beside the
            // scheduled poll, and a check-then-add let both start the same job (two runners, every chunk counted twice).
            if (!runningHere.add(id)) {
                continue;
            }
            if (!leases.tryAcquire(JobRunner.leaseName(id), Duration.ofSeconds(leaseSeconds))) {
                runningHere.remove(id);
                continue;
            }
            executor().execute(() -> {
                try {
                    runner.run(id);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "job %d failed to run", id);
                } finally {
                    // Lease first: a poll that starts the job again (after a start request) renews it for its own run,
                    // which a release after that would take away.
                    leases.release(JobRunner.leaseName(id));
                    runningHere.remove(id);
                }
            });
        }
    }

    public boolean runningHere(long jobId) {
        return runningHere.contains(jobId);
    }

    private ExecutorService executor() {
        if (executor == null) {
            synchronized (this) {
                if (executor == null) {
                    executor = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
                        Thread t = new Thread(r, "job-runner");
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
        return executor;
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
