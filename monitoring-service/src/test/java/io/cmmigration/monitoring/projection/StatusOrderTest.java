package io.cmmigration.monitoring.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent.Status;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.monitoring.projection.domain.ProjectionService;
import io.cmmigration.monitoring.projection.domain.ProjectionService.Received;
import io.cmmigration.monitoring.projection.domain.StatusOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

    @Test
    void anObjectReportedInAChunkIsOrderedLikeTheSameReportAsASingleEvent() {
        JobObjectStatusEvent single = new JobObjectStatusEvent(UUID.randomUUID(), 1, t, "J1", "H1", "H1", ObjectType.PACKAGE, "P1",
                "Office", JobObjectStatusEvent.Status.RUNNING, 0, null);
        JobObjectStatusBatchEvent asChunk = JobObjectStatusBatchEvent.of(single);
        assertEquals(single.eventId(), asChunk.eventId(), "a single event seen as a chunk keeps its id (the inbox key)");
        JobObjectStatusEvent.Status fromChunk = asChunk.objects().get(0).status();
        for (String current : List.of("NOT_STARTED", "RUNNING", "FAILED", "COMPLETED")) {
            for (Instant at : List.of(t.minusSeconds(1), t, t.plusSeconds(1))) {
                assertEquals(StatusOrder.objectReplaces(current, at, single.status(), t), StatusOrder.objectReplaces(current, at, fromChunk, t),
                        current + " at " + at);
            }
        }
    }

    @Test
    void eventsAreBatchedByTheObjectsTheyCarry() {
        List<Received> events = new ArrayList<>();
        events.add(received(single()));
        events.add(received(chunkOf(1000)));
        events.add(received(single()));
        events.add(received(single()));
        events.add(received(chunkOf(300)));
        events.add(received(chunkOf(300)));
        List<List<Received>> batches = ProjectionService.byWeight(events, 500);
        // 1 + 1000 reaches 500: closed; then 1 + 1 + 300 is below it, so the last chunk joins (a batch exceeds the size by
        // less than one event's weight, and never holds back an event that alone is heavier than a batch)
        assertEquals(List.of(2, 4), batches.stream().map(List::size).toList());
    }

    private JobObjectStatusEvent single() {
        return new JobObjectStatusEvent(UUID.randomUUID(), 1, t, "J1", "H1", "H1", ObjectType.PACKAGE, "P" + UUID.randomUUID(), null,
                JobObjectStatusEvent.Status.COMPLETED, 0, null);
    }

    private JobObjectStatusBatchEvent chunkOf(int objects) {
        List<JobObjectStatusBatchEvent.JobObjectStatus> entries = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            entries.add(new JobObjectStatusBatchEvent.JobObjectStatus("H1", ObjectType.PACKAGE, "P" + i, null,
                    JobObjectStatusEvent.Status.COMPLETED, 0, null, 1L));
        }
        return new JobObjectStatusBatchEvent(UUID.randomUUID(), 1, t, "J1", "H1", entries);
    }

    private static Received received(MigrationEvent e) {
        return new Received(Topic.JOB_STATUS, "{}", e);
    }
}
