package io.cmmigration.common.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An event waiting to be published; written in the same transaction as the state change it announces. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_event_seq")
    @SequenceGenerator(name = "outbox_event_seq", sequenceName = "outbox_event_seq", allocationSize = 50)
    public Long id;

    @Column(nullable = false)
    public String topic;

    @Column(name = "event_key", nullable = false)
    public String eventKey;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    /**
     * Plain long text (NCLOB in the changelog: text on PostgreSQL, nvarchar(max) on SQL Server). Not {@code @Lob}: on
     * PostgreSQL Hibernate would write a large object per row (several round trips, and an object id that vacuumlo destroys).
     */
    @JdbcTypeCode(SqlTypes.LONG32VARCHAR)
    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
