package io.cmmigration.common.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Idempotent consumer: call {@link #firstDelivery} inside the transaction that applies an event; it records the event
 * id in the same transaction, so an event is applied exactly once even when Kafka redelivers it.
 */
@ApplicationScoped
public class Inbox {

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(UUID eventId, String consumer) {
        String id = eventId.toString();
        if (em.find(ProcessedEvent.class, id) != null) {
            return false;
        }
        ProcessedEvent p = new ProcessedEvent();
        p.eventId = id;
        p.consumer = consumer;
        p.processedAt = Instant.now();
        em.persist(p);
        return true;
    }
}
