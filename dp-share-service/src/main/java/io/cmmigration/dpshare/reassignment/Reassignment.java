package io.cmmigration.dpshare.reassignment;

import io.cmmigration.dpshare.eligibility.EligibilityKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A queued DP upgrade / reassignment. The queue and every state live here so that a restart resumes the work: a worker
 * owns a row through {@code leaseOwner}/{@code leaseExpiresAt}; when its replica dies the lease expires and another
 * worker resumes from the recorded state (each step is idempotent).
 */
@Entity
@Table(name = "dp_reassignment")
public class Reassignment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "dp_reassignment_seq")
    @SequenceGenerator(name = "dp_reassignment_seq", sequenceName = "dp_reassignment_seq", allocationSize = 50)
    public Long id;

    @Column(name = "dp_id")
    public Long dpId;
    @Column(name = "hierarchy_id")
    public String hierarchyId;
    @Column(name = "site_code")
    public String siteCode;
    @Column(name = "nal_path")
    public String nalPath;
    @Column(name = "server_name")
    public String serverName;
    @Enumerated(EnumType.STRING)
    public EligibilityKind kind;
    @Column(name = "destination_site_code")
    public String destinationSiteCode;
    public String drive;
    /** Snapshot at queue time: the DP is on a secondary site server (its upgrade uninstalls the secondary site). */
    @Column(name = "on_secondary_site_server")
    public boolean onSecondarySiteServer;
    /** Snapshot at queue time: packages on the DP. */
    @Column(name = "package_count")
    public int packageCount;
    @Enumerated(EnumType.STRING)
    public ReassignmentState state;
    @Column(name = "failed_in_state")
    public String failedInState;
    @Column(name = "failure_reason")
    public String failureReason;
    /** Packages on the DP that were not migrated (at the version on the DP) when the move started: lost to the destination. */
    @Column(name = "lost_packages")
    public String lostPackages;
    @Column(name = "lost_package_count")
    public int lostPackageCount;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "lease_owner")
    public String leaseOwner;
    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;
    public int attempts;
}
