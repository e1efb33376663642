package io.cmmigration.monitoring.projection.domain;

import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent;
import java.time.Instant;

/**
 * Which of two status reports about the same job (or object in a job) is the one to show. Kafka keeps order per key,
 * but producers may publish late (an outbox relayed after a retry, a replica that resumed a job), so the projection
 * keeps the newest by occurredAt, breaks ties by lifecycle progress, and never lets a finished job look unfinished.
 */
public final class StatusOrder {

    private StatusOrder() {
    }

    /** Lifecycle rank of a job state: later states win ties. */
    static int rank(JobStatusEvent.Status s) {
        return switch (s) {
            case NOT_STARTED -> 0;
            case RUNNING -> 1;
            case STOPPED, FAILED -> 2;
            case COMPLETED -> 3;
            case DELETED -> 4;
        };
    }

    static int rank(JobObjectStatusEvent.Status s) {
        return switch (s) {
            case NOT_STARTED -> 0;
            case RUNNING -> 1;
            case FAILED, EXCLUDED, SKIPPED -> 2;
            case COMPLETED -> 3;
        };
    }

    /**
     * Whether a job status report replaces the current one. Completed and deleted jobs are final (spec §3.4: a completed
     * job cannot run again, a deleted one is gone), so only another final report can replace them; failed or stopped
     * jobs may be started again, so a newer RUNNING replaces them.
     */
    public static boolean jobReplaces(String currentStatus, Instant currentAt, long currentProgress,
            JobStatusEvent.Status next, Instant nextAt, long nextProgress) {
        if (currentStatus == null || currentAt == null) {
            return true;
        }
        JobStatusEvent.Status current = JobStatusEvent.Status.valueOf(currentStatus);
        boolean currentFinal = current == JobStatusEvent.Status.COMPLETED || current == JobStatusEvent.Status.DELETED;
        if (currentFinal && rank(next) < rank(current)) {
            return false;
        }
        int byTime = nextAt.compareTo(currentAt);
        if (byTime != 0) {
            return byTime > 0;
        }
        int byRank = Integer.compare(rank(next), rank(current));
        return byRank != 0 ? byRank > 0 : nextProgress >= currentProgress;
    }

    /** Whether an object-in-job report replaces the current one; a completed object stays completed within its job. */
    public static boolean objectReplaces(String currentStatus, Instant currentAt, JobObjectStatusEvent.Status next, Instant nextAt) {
        if (currentStatus == null || currentAt == null) {
            return true;
        }
        JobObjectStatusEvent.Status current = JobObjectStatusEvent.Status.valueOf(currentStatus);
        if (current == JobObjectStatusEvent.Status.COMPLETED && rank(next) < rank(current)) {
            return false;
        }
        int byTime = nextAt.compareTo(currentAt);
        return byTime != 0 ? byTime > 0 : rank(next) >= rank(current);
    }

    /** Newest wins; an equal time replaces too (the later delivery of two reports made in the same instant). */
    public static boolean newerOrSame(Instant currentAt, Instant nextAt) {
        return currentAt == null || !nextAt.isBefore(currentAt);
    }

    /** The SMS_MigrationJob.Status code of spec §3.5 (DELETED has none: -1). */
    public static int jobStatusCode(String status) {
        return switch (JobStatusEvent.Status.valueOf(status)) {
            case NOT_STARTED -> 0;
            case COMPLETED -> 1;
            case RUNNING -> 2;
            case FAILED -> 3;
            case STOPPED -> 4;
            case DELETED -> -1;
        };
    }
}
