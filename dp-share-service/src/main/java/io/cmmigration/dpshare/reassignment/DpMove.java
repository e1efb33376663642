package io.cmmigration.dpshare.reassignment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** The record that a DP now belongs to a destination site (written once per reassignment by the install step). */
@Entity
@Table(name = "dp_move")
public class DpMove extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "dp_move_seq")
    @SequenceGenerator(name = "dp_move_seq", sequenceName = "dp_move_seq", allocationSize = 50)
    public Long id;

    @Column(name = "reassignment_id")
    public Long reassignmentId;
    @Column(name = "hierarchy_id")
    public String hierarchyId;
    @Column(name = "nal_path")
    public String nalPath;
    @Column(name = "server_name")
    public String serverName;
    @Column(name = "source_site_code")
    public String sourceSiteCode;
    @Column(name = "destination_site_code")
    public String destinationSiteCode;
    public String kind;
    @Column(name = "secondary_site_uninstalled")
    public boolean secondarySiteUninstalled;
    @Column(name = "moved_at")
    public Instant movedAt;
}
