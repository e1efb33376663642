package io.cmmigration.dpshare.hierarchy;

import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceVersion;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

/** A source hierarchy as announced by gathering-service: its version (2007 or 2012+) and whether it is the active one. */
@Entity
@Table(name = "source_hierarchy")
public class SourceHierarchy extends PanacheEntityBase {

    /** Placeholder for a hierarchy known only from DP or gathering events so far. */
    public static final String UNKNOWN = "UNKNOWN";
    public static final String ACTIVE = "ACTIVE";
    public static final String INACTIVE = "INACTIVE";
    public static final String CLEANED_UP = "CLEANED_UP";

    @Id
    @Column(name = "hierarchy_id")
    public String hierarchyId;

    @Column(name = "source_version")
    public String sourceVersion;

    @Column(name = "destination_site_code")
    public String destinationSiteCode;

    public String state;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public SourceFamily family() {
        return familyOf(sourceVersion);
    }

    /**
     * The family of a version as gathering reports it: the enum name ({@code CM2007_SP2}), the site build string
     * ({@code 4.00.6487}) or a free text naming 2007; null when it cannot be told.
     */
    public static SourceFamily familyOf(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        String v = version.trim();
        try {
            return SourceVersion.valueOf(v.toUpperCase(Locale.ROOT)).family();
        } catch (IllegalArgumentException notAName) {
            SourceVersion byBuild = SourceVersion.fromSiteVersion(v);
            if (byBuild != null) {
                return byBuild.family();
            }
        }
        if (v.startsWith("4.") || v.contains("2007")) {
            return SourceFamily.CM2007;
        }
        if (v.startsWith("5.") || v.contains("2012") || v.toUpperCase(Locale.ROOT).contains("CURRENT")) {
            return SourceFamily.CM2012_PLUS;
        }
        return null;
    }
}
