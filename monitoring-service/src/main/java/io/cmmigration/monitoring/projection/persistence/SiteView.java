package io.cmmigration.monitoring.projection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A source site (SMS_MigrationSiteMapping + SMS_MigrationSourceSite, spec §6.3): what the hierarchy events say about it
 * and the newest gathering status. The two parts are versioned separately by the occurredAt of their events.
 */
@Entity
@Table(name = "mon_site")
public class SiteView extends PanacheEntityBase {

    @Id
    @Column(name = "site_key")
    public String siteKey;

    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Column(name = "site_code")
    public String siteCode;

    @Column(name = "parent_site_code")
    public String parentSiteCode;

    @Column(name = "server_name")
    public String serverName;

    public String version;

    @Column(name = "site_type")
    public String siteType;

    public Boolean configured;

    @Column(name = "dp_sharing_enabled")
    public Boolean dpSharingEnabled;

    @Column(name = "gathering_stopped")
    public Boolean gatheringStopped;

    @Column(name = "site_info_at")
    public Instant siteInfoAt;

    @Column(name = "status_code")
    public Integer statusCode;

    public String status;

    @Column(name = "status_message")
    public String statusMessage;

    @Column(name = "run_id")
    public String runId;

    @Column(name = "run_started_at")
    public Instant runStartedAt;

    @Column(name = "run_finished_at")
    public Instant runFinishedAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Column(name = "next_run_at")
    public Instant nextRunAt;

    /** Per object type counts of the newest run that reported counts: {"COLLECTION":{"total":..,"discovered":..}}. */
    @Column(name = "counts_json")
    public String countsJson;

    @Column(name = "status_at")
    public Instant statusAt;

    public static String key(String hierarchyId, String siteCode) {
        return hierarchyId + "/" + siteCode;
    }
}
