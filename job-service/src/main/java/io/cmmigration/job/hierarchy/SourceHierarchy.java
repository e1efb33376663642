package io.cmmigration.job.hierarchy;

import io.cmmigration.events.catalogue.SourceFamily;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What job-service knows about a source hierarchy, from {@code migration.hierarchy}: its family and destination site. */
@Entity
@Table(name = "source_hierarchy")
public class SourceHierarchy extends PanacheEntityBase {

    @Id
    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Enumerated(EnumType.STRING)
    @Column(name = "source_family")
    public SourceFamily sourceFamily;

    @Column(name = "source_version")
    public String sourceVersion;

    @Column(name = "destination_site_code")
    public String destinationSiteCode;

    public boolean active;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
