package io.cmmigration.job.support;

import io.cmmigration.common.sql.InLists;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusBatchEvent.JobObjectStatus;
import io.cmmigration.events.MigrationEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Object statuses of one job as {@link JobObjectStatusBatchEvent}s of at most {@link JobObjectStatusBatchEvent#MAX_OBJECTS}
 * entries each (a larger configured chunk size still yields records well below Kafka's size limit), in the given order.
 */
public final class JobObjectStatusBatches {

    private JobObjectStatusBatches() {
    }

    public static List<JobObjectStatusBatchEvent> of(String jobId, String hierarchyId, Instant occurredAt, List<JobObjectStatus> statuses) {
        List<JobObjectStatusBatchEvent> out = new ArrayList<>();
        for (List<JobObjectStatus> part : InLists.chunks(statuses, JobObjectStatusBatchEvent.MAX_OBJECTS)) {
            out.add(new JobObjectStatusBatchEvent(MigrationEvent.newId(), JobObjectStatusBatchEvent.SCHEMA_VERSION, occurredAt, jobId, hierarchyId, part));
        }
        return out;
    }
}
