package io.cmmigration.monitoring.projection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A source hierarchy as the HierarchyEvents describe it (the active source of spec §6.2). */
@Entity
@Table(name = "mon_hierarchy")
public class HierarchyView extends PanacheEntityBase {

    @Id
    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Column(name = "top_site_code")
    public String topSiteCode;

    @Column(name = "top_site_server")
    public String topSiteServer;

    @Column(name = "source_version")
    public String sourceVersion;

    @Column(name = "destination_site_code")
    public String destinationSiteCode;

    /** ACTIVE, INACTIVE or CLEANED_UP. */
    public String state;

    @Column(name = "last_action")
    public String lastAction;

    public String message;

    /** occurredAt of the newest hierarchy event applied (newer events win, older ones only add missing sites). */
    @Column(name = "occurred_at")
    public Instant occurredAt;
}
