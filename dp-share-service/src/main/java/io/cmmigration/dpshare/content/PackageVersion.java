package io.cmmigration.dpshare.content;

import io.cmmigration.events.catalogue.ObjectType;
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
 * One package-like source object: its latest source version (from migration.source-objects) and the version that was
 * migrated (the source version current when job-service reported the object COMPLETED).
 */
@Entity
@Table(name = "package_version")
public class PackageVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "package_version_seq")
    @SequenceGenerator(name = "package_version_seq", sequenceName = "package_version_seq", allocationSize = 50)
    public Long id;

    @Column(name = "hierarchy_id")
    public String hierarchyId;
    @Column(name = "package_id")
    public String packageId;
    @Column(name = "site_code")
    public String siteCode;
    @Enumerated(EnumType.STRING)
    @Column(name = "object_type")
    public ObjectType objectType;
    public String name;
    @Column(name = "source_version")
    public Long sourceVersion;
    @Column(name = "source_seen_at")
    public Instant sourceSeenAt;
    @Column(name = "removed_in_source")
    public boolean removedInSource;
    public boolean migrated;
    @Column(name = "migrated_version")
    public Long migratedVersion;
    @Column(name = "migrated_at")
    public Instant migratedAt;
    @Column(name = "migrated_by_job")
    public String migratedByJob;

    public PackageRecord record() {
        return new PackageRecord(objectType, sourceVersion, migrated, migratedVersion);
    }

    public static PackageVersion find(String hierarchyId, String packageId) {
        return find("hierarchyId = ?1 and packageId = ?2", hierarchyId, packageId).firstResult();
    }
}
