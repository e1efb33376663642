package io.cmmigration.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.ObjectType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void sourceObjectEventRoundTripsWithTypeDiscriminator() {
        SourceObjectEvent e = SourceObjectEvent.of(ChangeKind.DISCOVERED, "H1", "CAS", ObjectType.COLLECTION, "CAS00012", "Win 10 ✓ 日本",
                null, "abc", null, "run-1", Map.of("Name", "Win 10 ✓ 日本"),
                List.of(new ObjectReference("limitingCollection", ObjectType.COLLECTION, "CAS", "SMS00001", true)));
        String json = EventCodec.encode(e);
        assertTrue(json.contains("\"type\":\"SourceObject\""), json);
        assertEquals(e, EventCodec.decode(json));
        assertEquals("H1/CAS/COLLECTION/CAS00012", e.key());
        assertEquals("CAS/COLLECTION/SMS00001", e.references().get(0).targetKey());
        // A consumer that wants some types reads the type from the record key without decoding the document.
        assertEquals(ObjectType.COLLECTION, SourceObjectEvent.objectTypeOfKey(e.key()));
        assertEquals(ObjectType.PACKAGE, SourceObjectEvent.objectTypeOfKey("H1/CAS/PACKAGE/CAS0001/with/slashes"));
        assertEquals(null, SourceObjectEvent.objectTypeOfKey("H1/CAS/NOT_A_TYPE/CAS0001"));
        assertEquals(null, SourceObjectEvent.objectTypeOfKey("H1/CAS"));
        assertEquals(null, SourceObjectEvent.objectTypeOfKey(null));
    }

    @Test
    void malformedInputIsRejectedWithAClearError() {
        assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.decode("not json"));
        assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.decode(""));
        assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.decode("{\"type\":\"Nope\"}"));
        // Known type but no envelope: not an event.
        assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.decode("{\"type\":\"JobStatus\",\"jobId\":\"j\"}"));
        assertThrows(EventCodec.MalformedEventException.class,
                () -> EventCodec.decode("{\"type\":\"SourceObject\",\"eventId\":\"not-a-uuid\",\"schemaVersion\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\"}"));
    }

    @Test
    void jobObjectStatusBatchRoundTripsAndASingleEventIsABatchOfOne() {
        var completed = new JobObjectStatusBatchEvent.JobObjectStatus("CAS", ObjectType.PACKAGE, "CAS00001", "Office", JobObjectStatusEvent.Status.COMPLETED,
                0, null, 3L);
        var failed = new JobObjectStatusBatchEvent.JobObjectStatus("CAS", ObjectType.PROGRAM, "CAS00001/Install", null, JobObjectStatusEvent.Status.FAILED,
                8, "refused", null);
        JobObjectStatusBatchEvent e = new JobObjectStatusBatchEvent(MigrationEvent.newId(), 1, java.time.Instant.now(), "17", "H1",
                List.of(completed, failed));
        String json = EventCodec.encode(e);
        assertTrue(json.contains("\"type\":\"JobObjectStatusBatch\""), json);
        assertEquals(e, EventCodec.decode(json));
        assertEquals("17", e.key());
        assertEquals("CAS/PACKAGE/CAS00001", completed.objectKey());

        JobObjectStatusEvent single = new JobObjectStatusEvent(MigrationEvent.newId(), 1, java.time.Instant.now(), "17", "H1", "CAS",
                ObjectType.PACKAGE, "CAS00002", "Visio", JobObjectStatusEvent.Status.EXCLUDED, 0, null);
        JobObjectStatusBatchEvent one = JobObjectStatusBatchEvent.of(single);
        assertEquals(single.eventId(), one.eventId());
        assertEquals(List.of(new JobObjectStatusBatchEvent.JobObjectStatus("CAS", ObjectType.PACKAGE, "CAS00002", "Visio",
                JobObjectStatusEvent.Status.EXCLUDED, 0, null, null)), one.objects());
    }

    @Test
    void aBatchIsNeverEmptyNorLargerThanTheLimit() {
        var s = new JobObjectStatusBatchEvent.JobObjectStatus("CAS", ObjectType.PACKAGE, "CAS00001", null, JobObjectStatusEvent.Status.COMPLETED, 0, null, 1L);
        assertThrows(IllegalArgumentException.class,
                () -> new JobObjectStatusBatchEvent(MigrationEvent.newId(), 1, java.time.Instant.now(), "1", "H", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new JobObjectStatusBatchEvent(MigrationEvent.newId(), 1, java.time.Instant.now(), "1", "H",
                java.util.Collections.nCopies(JobObjectStatusBatchEvent.MAX_OBJECTS + 1, s)));
        assertEquals(JobObjectStatusBatchEvent.MAX_OBJECTS, new JobObjectStatusBatchEvent(MigrationEvent.newId(), 1, java.time.Instant.now(), "1", "H",
                java.util.Collections.nCopies(JobObjectStatusBatchEvent.MAX_OBJECTS, s)).objects().size());
    }
}
