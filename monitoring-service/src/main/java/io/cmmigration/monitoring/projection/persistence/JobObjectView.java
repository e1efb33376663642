package io.cmmigration.monitoring.projection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One object inside one job (SMS_MigrationJobEntityRelation, spec §6.6), newest status by occurredAt. */
@Entity
@Table(name = "mon_job_object")
public class JobObjectView extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mon_job_object_seq")
    @SequenceGenerator(name = "mon_job_object_seq", sequenceName = "mon_job_object_seq", allocationSize = 50)
    public Long id;

    @Column(name = "job_id")
    public String jobId;

    /** siteCode/TYPE/sourceId, as job-service names catalogue objects. */
    @Column(name = "object_key")
    public String objectKey;

    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Column(name = "site_code")
    public String siteCode;

    @Column(name = "object_type")
    public String objectType;

    @Column(name = "source_id")
    public String sourceId;

    public String name;

    public String status;

    @Column(name = "message_code")
    public int messageCode;

    public String message;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
