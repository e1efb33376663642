package io.cmmigration.monitoring.projection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A shared distribution point (SMS_MigrationDP, spec §6.4) with eligibility and reassignment progress. */
@Entity
@Table(name = "mon_dp")
public class DpView extends PanacheEntityBase {

    @Id
    @Column(name = "dp_key")
    public String dpKey;

    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Column(name = "site_code")
    public String siteCode;

    @Column(name = "nal_path")
    public String nalPath;

    @Column(name = "server_name")
    public String serverName;

    public String state;

    public boolean shared;

    public Boolean eligible;

    @Column(name = "eligibility_kind")
    public String eligibilityKind;

    /** Reasons joined with "; " (why not eligible, what is missing). */
    public String reasons;

    @Column(name = "hosted_packages")
    public Integer hostedPackages;

    @Column(name = "available_packages")
    public Integer availablePackages;

    @Column(name = "destination_site_code")
    public String destinationSiteCode;

    public String message;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
