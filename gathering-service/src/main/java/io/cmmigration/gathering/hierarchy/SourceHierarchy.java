package io.cmmigration.gathering.hierarchy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A source hierarchy, identified by the site code of its top-level site (spec §1.1). */
@Entity
@Table(name = "source_hierarchy")
public class SourceHierarchy extends PanacheEntityBase {

    public static final String ACTIVE = "ACTIVE";
    public static final String INACTIVE = "INACTIVE";
    public static final String CLEANED_UP = "CLEANED_UP";

    @Id
    @Column(name = "hierarchy_id")
    public String id;

    @Column(name = "top_site_code", nullable = false)
    public String topSiteCode;

    @Column(name = "top_site_server", nullable = false)
    public String topSiteServer;

    @Column(name = "source_version", nullable = false)
    public String sourceVersion;

    @Column(name = "source_family", nullable = false)
    public String sourceFamily;

    @Column(name = "destination_site_code", nullable = false)
    public String destinationSiteCode;

    @Column(nullable = false)
    public String state;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public List<SourceSite> sites() {
        return SourceSite.list("hierarchyId = ?1 order by id", id);
    }
}
