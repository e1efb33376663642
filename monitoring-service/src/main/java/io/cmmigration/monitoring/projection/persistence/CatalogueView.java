package io.cmmigration.monitoring.projection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The newest catalogue figures of one hierarchy (CatalogueStatusEvent: dashboard object and client counters). */
@Entity
@Table(name = "mon_catalogue")
public class CatalogueView extends PanacheEntityBase {

    @Id
    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Column(name = "objects_total")
    public long objectsTotal;

    @Column(name = "objects_migrated")
    public long objectsMigrated;

    @Column(name = "objects_excluded")
    public long objectsExcluded;

    @Column(name = "objects_remaining")
    public long objectsRemaining;

    @Column(name = "clients_total")
    public long clientsTotal;

    @Column(name = "clients_migrated")
    public long clientsMigrated;

    @Column(name = "clients_excluded")
    public long clientsExcluded;

    @Column(name = "clients_remaining")
    public long clientsRemaining;

    /** {"COLLECTION":{"MIGRATED":3,"AVAILABLE_TO_MIGRATE":7}, ...} */
    @Column(name = "counts_json")
    public String countsJson;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
