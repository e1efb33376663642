package io.cmmigration.monitoring.projection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One status event as it arrived, kept for good: the searchable migration history that replaces ConfigMgr's
 * self-overwriting migmctrl.log.
 */
@Entity
@Table(name = "mon_history")
public class HistoryEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mon_history_seq")
    @SequenceGenerator(name = "mon_history_seq", sequenceName = "mon_history_seq", allocationSize = 50)
    public Long id;

    @Column(name = "event_id")
    public String eventId;

    /**
     * 0 for the event's own row; 1..n for the rows of the failed objects of a chunk event, which share its event id
     * (event id + part is unique).
     */
    public int part;

    @Column(name = "event_type")
    public String eventType;

    public String topic;

    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Column(name = "site_code")
    public String siteCode;

    @Column(name = "job_id")
    public String jobId;

    @Column(name = "object_key")
    public String objectKey;

    @Column(name = "object_type")
    public String objectType;

    public String status;

    /** One readable line, as a log would have it. */
    public String summary;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** The event exactly as received (JSON). */
    public String payload;

    /** Which of these event ids the history already holds (one query per 1,000 ids). */
    public static Set<String> eventIdsAmong(EntityManager em, Collection<String> eventIds) {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : BatchInbox.chunks(eventIds)) {
            found.addAll(em.createQuery("select h.eventId from HistoryEntry h where h.eventId in :ids", String.class)
                    .setParameter("ids", chunk).getResultList());
        }
        return found;
    }
}
