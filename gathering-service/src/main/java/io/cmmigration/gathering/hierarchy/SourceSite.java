package io.cmmigration.gathering.hierarchy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A site of a source hierarchy ({@code SMS_MigrationSiteMapping} + {@code SMS_MigrationSourceSite}): known from v_Site,
 * and "configured" once it has a database connection and accounts (the top site always; 2007 primaries top-down).
 * Accounts are stored as secret references only.
 */
@Entity
@Table(name = "source_site")
public class SourceSite extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "source_site_seq")
    @SequenceGenerator(name = "source_site_seq", sequenceName = "source_site_seq", allocationSize = 50)
    public Long id;

    @Column(name = "hierarchy_id", nullable = false)
    public String hierarchyId;

    @Column(name = "site_code", nullable = false)
    public String siteCode;

    @Column(name = "parent_site_code")
    public String parentSiteCode;

    @Column(name = "server_name")
    public String serverName;

    @Column(name = "site_version")
    public String siteVersion;

    @Column(name = "site_type")
    public Integer siteType;

    @Column(nullable = false)
    public boolean configured;

    @Column(name = "jdbc_url")
    public String jdbcUrl;

    @Column(name = "db_username")
    public String dbUsername;

    @Column(name = "db_password_ref")
    public String dbPasswordRef;

    @Column(name = "provider_username")
    public String providerUsername;

    @Column(name = "provider_password_ref")
    public String providerPasswordRef;

    @Column(name = "dp_sharing", nullable = false)
    public boolean dpSharing;

    @Column(name = "interval_minutes", nullable = false)
    public int intervalMinutes;

    @Column(name = "status_code", nullable = false)
    public int statusCode;

    @Column(name = "status_message")
    public String statusMessage;

    @Column(name = "run_id")
    public String runId;

    @Column(name = "last_run_started_at")
    public Instant lastRunStartedAt;

    @Column(name = "last_run_finished_at")
    public Instant lastRunFinishedAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Column(name = "next_run_at")
    public Instant nextRunAt;

    @Column(nullable = false)
    public boolean stopped;

    /** JSON map object type -> {total, discovered, changed, removed} of the last successful run. */
    @Lob
    @Column(name = "type_counts")
    public String typeCounts;

    public static SourceSite find(String hierarchyId, String siteCode) {
        return find("hierarchyId = ?1 and siteCode = ?2", hierarchyId, siteCode).firstResult();
    }

    /** Gathering may run: configured with credentials and not stopped. */
    public boolean gatherable() {
        return configured && !stopped && dbPasswordRef != null;
    }
}
