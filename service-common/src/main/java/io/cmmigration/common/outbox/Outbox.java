package io.cmmigration.common.outbox;

import io.cmmigration.events.EventCodec;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.topics.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The transactional outbox (no dual writes): a service announces a state change by adding the event here inside the
 * transaction that makes the change; {@link OutboxRelay} publishes it after commit. If the transaction rolls back, the
 * event never existed.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EntityManager em;

    @Inject
    OutboxRelay relay;

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(MigrationEvent event) {
        em.persist(row(event, Instant.now()));
        relay.wakeUpAfterCommit();
    }

    /**
     * Adds many events (e.g. the per-object statuses of a job batch); the inserts go to the database as JDBC batches
     * (SEQUENCE ids with allocation 50, statement batch size from the service's configuration).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addAll(Iterable<? extends MigrationEvent> events) {
        Instant now = Instant.now();
        int n = 0;
        for (MigrationEvent e : events) {
            em.persist(row(e, now));
            n++;
        }
        if (n > 0) {
            relay.wakeUpAfterCommit();
        }
    }

    private static OutboxEvent row(MigrationEvent event, Instant now) {
        OutboxEvent row = new OutboxEvent();
        row.topic = Topic.of(event.getClass()).topicName();
        row.eventKey = event.key();
        row.eventId = event.eventId().toString();
        row.payload = EventCodec.encode(event);
        row.createdAt = now;
        return row;
    }
}
