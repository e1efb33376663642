package io.cmmigration.dpshare.hierarchy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

/** A site of a source hierarchy with its DP-sharing switch and gathering state (from HierarchyEvent / GatheringStatusEvent). */
@Entity
@Table(name = "source_site")
public class SourceSite extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "source_site_seq")
    @SequenceGenerator(name = "source_site_seq", sequenceName = "source_site_seq", allocationSize = 50)
    public Long id;

    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Column(name = "site_code")
    public String siteCode;

    @Column(name = "parent_site_code")
    public String parentSiteCode;

    /** SECONDARY / PRIMARY / CENTRAL_ADMINISTRATION or the v_Site.Type number (1 / 2 / 4). */
    @Column(name = "site_type")
    public String siteType;

    public String version;

    @Column(name = "server_name")
    public String serverName;

    @Column(name = "dp_sharing_enabled")
    public boolean dpSharingEnabled;

    @Column(name = "gathering_stopped")
    public boolean gatheringStopped;

    /**
     * NAL path of the DP on this secondary's site server whose upgrade uninstalled the secondary site (spec §4.4); its
     * other DPs are orphaned from then on. Null while the secondary site exists.
     */
    @Column(name = "secondary_uninstalled_by")
    public String secondaryUninstalledBy;

    @Column(name = "last_run_id")
    public String lastRunId;

    @Column(name = "last_gathered_at")
    public Instant lastGatheredAt;

    public boolean secondary() {
        return isSecondary(siteType);
    }

    public static boolean isSecondary(String siteType) {
        if (siteType == null) {
            return false;
        }
        String t = siteType.trim().toUpperCase(Locale.ROOT);
        return t.equals("1") || t.startsWith("SECONDARY");
    }

    public static SourceSite find(String hierarchyId, String siteCode) {
        return find("hierarchyId = ?1 and siteCode = ?2", hierarchyId, siteCode).firstResult();
    }
}
