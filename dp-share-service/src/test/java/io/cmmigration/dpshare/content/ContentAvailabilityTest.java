package io.cmmigration.dpshare.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceFamily;
import org.junit.jupiter.api.Test;

/** The version-match rule of spec §4.1. */
class ContentAvailabilityTest {

    private static ContentStatus judge(SourceFamily f, long onDp, PackageRecord p) {
        return ContentAvailability.judge(f, onDp, p).status();
    }

    @Test
    void availableOnlyWhenTheCopyOnTheDpIsTheMigratedVersion() {
        PackageRecord migratedV3 = new PackageRecord(ObjectType.PACKAGE, 3L, true, 3L);
        assertEquals(ContentStatus.AVAILABLE, judge(SourceFamily.CM2012_PLUS, 3, migratedV3));
        assertEquals(ContentStatus.VERSION_MISMATCH, judge(SourceFamily.CM2012_PLUS, 2, migratedV3));
        assertEquals(ContentStatus.VERSION_MISMATCH, judge(SourceFamily.CM2012_PLUS, 4, migratedV3));
    }

    @Test
    void aLaterChangeInTheSourceMakesItUnavailableUntilMigratedAgain() {
        assertEquals(ContentStatus.CHANGED_IN_SOURCE, judge(SourceFamily.CM2007, 3, new PackageRecord(ObjectType.PACKAGE, 4L, true, 3L)));
        assertEquals(ContentStatus.VERSION_MISMATCH, judge(SourceFamily.CM2007, 4, new PackageRecord(ObjectType.PACKAGE, 4L, true, 3L)));
        assertEquals(ContentStatus.AVAILABLE, judge(SourceFamily.CM2007, 4, new PackageRecord(ObjectType.PACKAGE, 4L, true, 4L)));
    }

    @Test
    void notMigratedOrUnknownVersion() {
        assertEquals(ContentStatus.NOT_MIGRATED, judge(SourceFamily.CM2007, 1, null));
        assertEquals(ContentStatus.NOT_MIGRATED, judge(SourceFamily.CM2007, 1, new PackageRecord(ObjectType.PACKAGE, 1L, false, null)));
        assertEquals(ContentStatus.VERSION_UNKNOWN, judge(SourceFamily.CM2007, 1, new PackageRecord(ObjectType.PACKAGE, null, true, null)));
    }

    @Test
    void appVAndBootImagesCannotBeServedFrom2007DpsButFrom2012Dps() {
        PackageRecord appv = new PackageRecord(ObjectType.VIRTUAL_APPLICATION_PACKAGE, 1L, true, 1L);
        PackageRecord boot = new PackageRecord(ObjectType.BOOT_IMAGE, 1L, true, 1L);
        assertEquals(ContentStatus.NOT_USABLE_FROM_2007_DP, judge(SourceFamily.CM2007, 1, appv));
        assertEquals(ContentStatus.NOT_USABLE_FROM_2007_DP, judge(SourceFamily.CM2007, 1, boot));
        assertEquals(ContentStatus.AVAILABLE, judge(SourceFamily.CM2012_PLUS, 1, appv));
        assertEquals(ContentStatus.AVAILABLE, judge(SourceFamily.CM2012_PLUS, 1, boot));
    }
}
