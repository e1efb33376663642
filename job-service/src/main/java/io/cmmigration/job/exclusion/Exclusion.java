package io.cmmigration.job.exclusion;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** An entry of the exclusion list of a source hierarchy (spec §3.6): not auto-selected by collection jobs. */
@Entity
@Table(name = "exclusion")
public class Exclusion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "exclusion_seq")
    @SequenceGenerator(name = "exclusion_seq", sequenceName = "exclusion_seq", allocationSize = 50)
    public Long id;

    @Column(name = "hierarchy_id", nullable = false)
    public String hierarchyId;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "object_type", nullable = false)
    public String objectType;

    public String reason;

    @Column(name = "excluded_by")
    public String excludedBy;

    @Column(name = "excluded_at", nullable = false)
    public Instant excludedAt;
}
