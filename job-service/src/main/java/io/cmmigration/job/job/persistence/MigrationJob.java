package io.cmmigration.job.job.persistence;

import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.job.job.domain.JobOptions;
import io.cmmigration.job.support.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.FetchType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A migration job (SMS_MigrationJob, spec §6.5): its definition, schedule, state and counters. */
@Entity
@Table(name = "migration_job")
public class MigrationJob extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "migration_job_seq")
    @SequenceGenerator(name = "migration_job_seq", sequenceName = "migration_job_seq", allocationSize = 1)
    public Long id;

    @Column(nullable = false)
    public String name;

    public String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "job_type", nullable = false)
    public JobType jobType;

    @Column(name = "hierarchy_id", nullable = false)
    public String hierarchyId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatusEvent.Status status;

    /** The validated request (JobOptions as JSON). */
    @Column(nullable = false)
    public String request;

    @Column(name = "schedule_mode", nullable = false)
    public String scheduleMode;

    @Column(name = "run_at")
    public Instant runAt;

    /** Scheduled job of an inactivated hierarchy: waits until someone starts or reschedules it (spec §1.6). */
    public boolean postponed;

    @Column(name = "stop_requested")
    public boolean stopRequested;

    @Column(name = "ever_started")
    public boolean everStarted;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public long total;
    public long migrated;
    public long failed;
    public long skipped;
    public String message;

    /**
     * Review information computed at creation (JSON; megabytes for a job of a whole hierarchy). Loaded only when read:
     * every poll of a job's status (GET /api/jobs/{id}, the scheduler's poll) loaded and decoded it, 15 % of the
     * service's CPU while the standard bench's 220k-object job ran.
     */
    @Basic(fetch = FetchType.LAZY)
    public String review;

    /** Last reconciliation report (JSON). */
    public String reconciliation;

    @Column(name = "reconciled_at")
    public Instant reconciledAt;

    public JobOptions options() {
        return Json.read(request, JobOptions.class);
    }

    public JobStatusEvent statusEvent() {
        return new JobStatusEvent(MigrationEvent.newId(), JobStatusEvent.SCHEMA_VERSION, Instant.now(), String.valueOf(id), name, jobType,
                hierarchyId, status, total, migrated, failed, skipped, createdAt, startedAt, endedAt,
                status == JobStatusEvent.Status.NOT_STARTED && !postponed ? nextRunAt() : null, message);
    }

    public Instant nextRunAt() {
        return switch (scheduleMode) {
            case "NOW" -> createdAt;
            case "AT" -> runAt;
            default -> null;
        };
    }
}
