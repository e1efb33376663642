package io.cmmigration.dpshare.distributionpoint;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A source distribution point: the facts gathering reported (latest event wins) and this service's verdicts on it
 * (sharing, eligibility, content counts, state). One row per hierarchy and NAL path.
 */
@Entity
@Table(name = "distribution_point")
public class DistributionPoint extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "distribution_point_seq")
    @SequenceGenerator(name = "distribution_point_seq", sequenceName = "distribution_point_seq", allocationSize = 50)
    public Long id;

    @Column(name = "hierarchy_id")
    public String hierarchyId;
    @Column(name = "site_code")
    public String siteCode;
    @Column(name = "nal_path")
    public String nalPath;
    @Column(name = "server_name")
    public String serverName;
    public boolean fqdn;
    @Column(name = "dp_type")
    public String dpType;
    @Column(name = "on_site_server")
    public boolean onSiteServer;
    @Column(name = "on_secondary_site_server")
    public boolean onSecondarySiteServer;
    /** Other site system roles on the host, comma-separated. */
    @Column(name = "other_roles")
    public String otherRoles;
    @Column(name = "pull_dp")
    public boolean pullDp;
    public boolean pxe;
    @Column(name = "protected_dp")
    public boolean protectedDp;
    @ElementCollection
    @CollectionTable(name = "dp_protected_boundary", joinColumns = @JoinColumn(name = "dp_id"))
    @Column(name = "boundary")
    public List<String> protectedBoundaries = new ArrayList<>();
    @Column(name = "mbytes_free")
    public Long mbytesFree;
    @Column(name = "operating_system")
    public String operatingSystem;
    @Column(name = "http_port")
    public Integer httpPort;
    @Column(name = "https_port")
    public Integer httpsPort;
    @Column(name = "last_run_id")
    public String lastRunId;
    public boolean removed;
    @Column(name = "source_event_at")
    public Instant sourceEventAt;

    // --- verdicts
    public String state;
    public boolean shared;
    @Column(name = "sharing_reasons")
    public String sharingReasons;
    public Boolean eligible;
    @Column(name = "eligibility_kind")
    public String eligibilityKind;
    @Column(name = "eligibility_reasons")
    public String eligibilityReasons;
    @Column(name = "hosted_count")
    public int hostedCount;
    @Column(name = "available_count")
    public int availableCount;
    @Column(name = "destination_site_code")
    public String destinationSiteCode;
    /** Some package on this DP changed (source version or migration); the content counts must be recomputed. */
    @Column(name = "content_dirty")
    public boolean contentDirty;
    /** Hash of what the last published DpStatusEvent said; an event is published only when it changes. */
    @Column(name = "published_fingerprint")
    public String publishedFingerprint;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public List<String> otherRoleList() {
        return otherRoles == null || otherRoles.isBlank() ? List.of() : Arrays.asList(otherRoles.split(","));
    }

    public static List<String> lines(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }

    /** Reasons are stored one per line, cut to the column size. */
    public static String join(List<String> reasons) {
        String s = String.join("\n", reasons);
        return s.length() > 2000 ? s.substring(0, 1997) + "..." : s;
    }

    public static DistributionPoint find(String hierarchyId, String nalPath) {
        return find("hierarchyId = ?1 and nalPath = ?2", hierarchyId, nalPath).firstResult();
    }
}
