package io.cmmigration.monitoring.projection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A migration job (SMS_MigrationJob, spec §6.5) as of the newest JobStatusEvent accepted for it. */
@Entity
@Table(name = "mon_job")
public class JobView extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;

    @Column(name = "job_name")
    public String jobName;

    @Column(name = "job_type")
    public String jobType;

    @Column(name = "hierarchy_id")
    public String hierarchyId;

    public String status;

    public long total;

    public long migrated;

    public long failed;

    public long skipped;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "next_run_at")
    public Instant nextRunAt;

    public String message;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
