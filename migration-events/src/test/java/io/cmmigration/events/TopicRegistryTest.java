package io.cmmigration.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.topics.Topic;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicRegistryTest {

    @Test
    void everyEventTypeTravelsOnExactlyOneTopic() {
        for (Class<? extends MigrationEvent> type : EventSamples.eventTypes()) {
            long topics = Arrays.stream(Topic.values()).filter(t -> t.valueTypes().contains(type)).count();
            assertEquals(1, topics, type.getSimpleName() + " must be on exactly one topic");
        }
    }

    @Test
    void topicNamesFollowTheConventionAndStateTopicsAreCompacted() {
        Set<String> names = new HashSet<>();
        for (Topic t : Topic.values()) {
            assertTrue(t.topicName().startsWith("migration."), t.topicName());
            assertTrue(names.add(t.topicName()), "duplicate topic " + t.topicName());
            assertTrue(t.partitions() >= 1);
        }
        assertTrue(Topic.SOURCE_OBJECTS.compacted(), "the catalogue must be rebuildable from source-objects");
        assertTrue(Topic.DISTRIBUTION_POINTS.compacted());
        assertEquals(Topic.JOB_STATUS, Topic.of(JobObjectStatusEvent.class));
    }
}
