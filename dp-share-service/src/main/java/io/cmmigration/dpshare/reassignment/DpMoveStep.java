package io.cmmigration.dpshare.reassignment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One site-server operation performed for a reassignment; unique per (reassignment, step), which makes steps idempotent. */
@Entity
@Table(name = "dp_move_step")
public class DpMoveStep extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "dp_move_step_seq")
    @SequenceGenerator(name = "dp_move_step_seq", sequenceName = "dp_move_step_seq", allocationSize = 50)
    public Long id;

    @Column(name = "reassignment_id")
    public Long reassignmentId;
    public String step;
    public String detail;
    @Column(name = "performed_by")
    public String performedBy;
    @Column(name = "performed_at")
    public Instant performedAt;
}
