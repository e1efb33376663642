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
        OutboxEvent row = new OutboxEvent();
        row.topic = Topic.of(event.getClass()).topicName();
        row.eventKey = event.key();
        row.eventId = event.eventId().toString();
        row.payload = EventCodec.encode(event);
        row.createdAt = Instant.now();
        em.persist(row);
        relay.wakeUpAfterCommit();
    }
}
