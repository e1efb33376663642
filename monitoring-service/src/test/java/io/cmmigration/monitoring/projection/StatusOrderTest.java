package io.cmmigration.monitoring.projection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent.Status;
import io.cmmigration.monitoring.projection.domain.StatusOrder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusOrderTest {

    private final Instant t = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void theNewestJobReportWinsAndAnOlderOneIsIgnored() {
        assertTrue(StatusOrder.jobReplaces(null, null, 0, Status.RUNNING, t, 0));
        assertTrue(StatusOrder.jobReplaces("RUNNING", t, 1, Status.RUNNING, t.plusSeconds(1), 2));
        assertFalse(StatusOrder.jobReplaces("RUNNING", t, 5, Status.RUNNING, t.minusSeconds(1), 3));
    }

    @Test
    void aCompletedJobNeverLooksUnfinishedAgain() {
        assertFalse(StatusOrder.jobReplaces("COMPLETED", t, 10, Status.RUNNING, t.plusSeconds(60), 2));
        assertFalse(StatusOrder.jobReplaces("COMPLETED", t, 10, Status.NOT_STARTED, t.plusSeconds(60), 0));
        assertTrue(StatusOrder.jobReplaces("COMPLETED", t, 10, Status.DELETED, t.plusSeconds(60), 10));
    }

    @Test
    void aFailedJobMayRunAgain() {
        assertTrue(StatusOrder.jobReplaces("FAILED", t, 4, Status.RUNNING, t.plusSeconds(60), 0));
    }

    @Test
    void reportsOfTheSameInstantAreOrderedByLifecycleThenProgress() {
        assertTrue(StatusOrder.jobReplaces("RUNNING", t, 3, Status.COMPLETED, t, 3));
        assertFalse(StatusOrder.jobReplaces("COMPLETED", t, 3, Status.RUNNING, t, 3));
        assertTrue(StatusOrder.jobReplaces("RUNNING", t, 3, Status.RUNNING, t, 4));
        assertFalse(StatusOrder.jobReplaces("RUNNING", t, 4, Status.RUNNING, t, 3));
    }

    @Test
    void aCompletedObjectStaysCompletedWithinItsJob() {
        assertFalse(StatusOrder.objectReplaces("COMPLETED", t, JobObjectStatusEvent.Status.RUNNING, t.plusSeconds(5)));
        assertTrue(StatusOrder.objectReplaces("FAILED", t, JobObjectStatusEvent.Status.RUNNING, t.plusSeconds(5)));
        assertFalse(StatusOrder.objectReplaces("FAILED", t, JobObjectStatusEvent.Status.RUNNING, t.minusSeconds(5)));
        assertTrue(StatusOrder.objectReplaces("RUNNING", t, JobObjectStatusEvent.Status.COMPLETED, t));
    }
}
