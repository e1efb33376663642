package io.cmmigration.dpshare.content;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceFamily;
import java.util.Set;

/**
 * The version-match rule of spec §4.1: a shared DP serves a migrated package only while the source version of the copy
 * on the DP equals the migrated version; a later change in the source (a new source version) makes it unavailable until
 * the package is migrated again. Pure.
 */
public final class ContentAvailability {

    /** Object types whose content lives on DPs (the "package-like" types). */
    public static final Set<ObjectType> PACKAGE_TYPES = Set.of(ObjectType.PACKAGE, ObjectType.DRIVER_PACKAGE, ObjectType.BOOT_IMAGE,
            ObjectType.OS_IMAGE, ObjectType.OS_INSTALL_PACKAGE, ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_PACKAGE,
            ObjectType.VIRTUAL_APPLICATION_PACKAGE, ObjectType.TASK_SEQUENCE);

    private ContentAvailability() {
    }

    public static ContentVerdict judge(SourceFamily family, long versionOnDp, PackageRecord pkg) {
        if (pkg == null || !pkg.migrated()) {
            return new ContentVerdict(ContentStatus.NOT_MIGRATED, "Not migrated to the destination hierarchy");
        }
        if (family == SourceFamily.CM2007 && pkg.type() == ObjectType.VIRTUAL_APPLICATION_PACKAGE) {
            return new ContentVerdict(ContentStatus.NOT_USABLE_FROM_2007_DP,
                    "App-V packages from 2007 are converted to applications and cannot be served from a 2007 shared DP");
        }
        if (family == SourceFamily.CM2007 && pkg.type() == ObjectType.BOOT_IMAGE) {
            return new ContentVerdict(ContentStatus.NOT_USABLE_FROM_2007_DP,
                    "The package ID of a 2007 boot image is not preserved, so it cannot be used from a shared DP");
        }
        if (pkg.migratedVersion() == null) {
            return new ContentVerdict(ContentStatus.VERSION_UNKNOWN,
                    "Migrated, but the migrated source version is not known yet; it becomes known with the package's next source event");
        }
        if (versionOnDp != pkg.migratedVersion()) {
            return new ContentVerdict(ContentStatus.VERSION_MISMATCH, "The copy on the DP is source version " + versionOnDp
                    + " but version " + pkg.migratedVersion() + " was migrated; migrate the package again");
        }
        if (pkg.sourceVersion() != null && !pkg.sourceVersion().equals(pkg.migratedVersion())) {
            return new ContentVerdict(ContentStatus.CHANGED_IN_SOURCE, "The package changed in the source (now version "
                    + pkg.sourceVersion() + ") after version " + pkg.migratedVersion() + " was migrated; migrate it again");
        }
        return new ContentVerdict(ContentStatus.AVAILABLE, "Source version " + versionOnDp + " on the DP equals the migrated version");
    }
}
