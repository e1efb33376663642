package io.cmmigration.events.catalogue;

/**
 * Configuration Manager versions a source site may run (spec §2.1). Only the supported ones can be specified as a
 * source hierarchy; the others exist so that the preflight can name what it rejects (status 1795).
 */
public enum SourceVersion {
    CM2007_SP1(SourceFamily.CM2007, false, "4.00.6221"),
    CM2007_SP2(SourceFamily.CM2007, true, "4.00.6487"),
    CM2012_RTM(SourceFamily.CM2012_PLUS, false, "5.00.7711"),
    CM2012_SP1(SourceFamily.CM2012_PLUS, false, "5.00.7804"),
    CM2012_SP2(SourceFamily.CM2012_PLUS, true, "5.00.8239"),
    CM2012_R2(SourceFamily.CM2012_PLUS, false, "5.00.7958"),
    CM2012_R2_SP1(SourceFamily.CM2012_PLUS, true, "5.00.8239.1000"),
    CURRENT_BRANCH(SourceFamily.CM2012_PLUS, true, "5.00.9128");

    private final SourceFamily family;
    private final boolean supported;
    private final String buildString;

    SourceVersion(SourceFamily family, boolean supported, String buildString) {
        this.family = family;
        this.supported = supported;
        this.buildString = buildString;
    }

    public SourceFamily family() {
        return family;
    }

    /** Whether a current-branch destination accepts this version as a migration source (spec §2.1). */
    public boolean supported() {
        return supported;
    }

    /** The value the simulator writes into {@code v_Site.Version}; the preflight maps it back with {@link #fromSiteVersion}. */
    public String buildString() {
        return buildString;
    }

    /** Maps the version string found in {@code v_Site.Version} to a known version, or null when it is unknown. */
    public static SourceVersion fromSiteVersion(String version) {
        if (version == null) {
            return null;
        }
        String v = version.trim();
        for (SourceVersion sv : values()) {
            if (sv.buildString.equals(v)) {
                return sv;
            }
        }
        // Current branch builds are 5.00.88xx and later (1511 = 5.00.8325); anything newer than R2 SP1 counts as CB.
        if (v.startsWith("5.00.")) {
            try {
                int build = Integer.parseInt(v.substring(5).split("\\.")[0]);
                if (build >= 8325) {
                    return CURRENT_BRANCH;
                }
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }
}
