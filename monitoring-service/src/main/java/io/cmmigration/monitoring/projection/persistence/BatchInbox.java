package io.cmmigration.monitoring.projection.persistence;

import io.cmmigration.common.inbox.ProcessedEvent;
import io.cmmigration.common.sql.InLists;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The idempotent-consumer inbox of service-common ({@code processed_event}, same rows and rules as
 * {@code Inbox.firstDelivery}) for a batch of events: one query for which ids were applied before, then one JDBC batch
 * of inserts, in the transaction that applies the batch. Like {@code Inbox}, an event id counts as processed whatever
 * consumer recorded it (the table's key is the event id).
 */
public final class BatchInbox {

    private BatchInbox() {
    }

    /** Which of these event ids are already in the inbox. A read: call it before the batch writes anything. */
    public static Set<String> alreadyProcessed(EntityManager em, Collection<String> eventIds) {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : chunks(eventIds)) {
            found.addAll(em.createQuery("select p.eventId from ProcessedEvent p where p.eventId in :ids", String.class)
                    .setParameter("ids", chunk).getResultList());
        }
        return found;
    }

    /** Records event ids as processed (inserted with the transaction's other writes, as one JDBC batch). */
    public static void record(EntityManager em, Collection<String> eventIds, String consumer) {
        Instant now = Instant.now();
        for (String id : eventIds) {
            ProcessedEvent p = new ProcessedEvent();
            p.eventId = id;
            p.consumer = consumer;
            p.processedAt = now;
            em.persist(p);
        }
    }

    /** Splits values into IN lists of distinct values ({@link InLists}). */
    public static List<List<String>> chunks(Collection<String> values) {
        return InLists.chunks(new HashSet<>(values));
    }
}
