package io.cmmigration.job.support;

import io.cmmigration.common.outbox.Outbox;
import io.cmmigration.common.outbox.OutboxEvent;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.topics.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.id.IdentifierGenerator;

/**
 * Events written to service-common's outbox table as one JDBC batch (instead of one Hibernate persist + flush per row):
 * a job chunk's status batch event(s). Same table, same transaction, same relay: ids come from the outbox entity's
 * own Hibernate generator (sequence {@code outbox_event_seq}, pooled by 50), so they never collide with rows added
 * through {@link Outbox} and the relay's id order is the order of addition. The caller adds at least one event through
 * {@link Outbox#add} in the same transaction (the job's progress event), which wakes the relay up after commit.
 */
@ApplicationScoped
public class OutboxBatch {

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(Connection c, List<? extends MigrationEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        IdentifierGenerator ids = (IdentifierGenerator) session.getFactory().getMappingMetamodel().getEntityDescriptor(OutboxEvent.class).getGenerator();
        OutboxEvent probe = new OutboxEvent();
        java.sql.Timestamp now = Sql.ts(Instant.now());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_event (id, topic, event_key, event_id, payload, created_at) VALUES (?,?,?,?,?,?)")) {
            for (MigrationEvent e : events) {
                ps.setLong(1, ((Number) ids.generate(session, probe)).longValue());
                ps.setString(2, Topic.of(e.getClass()).topicName());
                ps.setString(3, e.key());
                ps.setString(4, e.eventId().toString());
                Sql.setText(ps, 5, EventCodec.encode(e));
                ps.setTimestamp(6, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
