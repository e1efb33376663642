package io.cmmigration.dpshare.distributionpoint;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A package whose content is on a source DP, with the source version of that copy (from gathering). */
@Entity
@Table(name = "hosted_package")
public class HostedPackage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "hosted_package_seq")
    @SequenceGenerator(name = "hosted_package_seq", sequenceName = "hosted_package_seq", allocationSize = 50)
    public Long id;

    @Column(name = "dp_id")
    public Long dpId;
    @Column(name = "hierarchy_id")
    public String hierarchyId;
    @Column(name = "package_id")
    public String packageId;
    @Column(name = "source_version")
    public long sourceVersion;
    @Column(name = "size_mbytes")
    public Long sizeMBytes;
}
