package io.cmmigration.job.job.domain;

import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.events.catalogue.ObjectType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/jobs} and {@code POST /api/jobs/preview}: the pages of the Create Migration Job wizard
 * (spec §3.2) and the options of spec §3.3.
 */
@Schema(description = "A migration job as the Create Migration Job wizard defines it")
public record JobRequest(
        @Schema(required = true) String name,
        String description,
        @Schema(required = true) JobType type,
        @Schema(required = true, description = "Source hierarchy (its top-level site code)") String hierarchyId,
        Selection selection,
        @Schema(description = "Collection jobs: also migrate objects associated with the collections (default true)") Boolean migrateAssociatedObjects,
        @Schema(required = true, description = "At least one security scope, applied to every object of the job") List<String> securityScopes,
        Schedule schedule,
        @Schema(description = "SKIP (default) or OVERWRITE; objects-modified jobs always overwrite") Conflict conflict,
        @Schema(description = "Source site code -> destination site that owns the content") Map<String, String> contentOwnership,
        @Schema(description = "Keep organizational folders (default true; always on for collections)") Boolean transferFolderStructure,
        @Schema(description = "Enable programs after advertisement migration (default false: ProgramFlags 0x1000 set)") Boolean enableProgramsAfterAdvertisementMigration,
        @Schema(description = "Source collection id -> destination limiting collection id") Map<String, String> collectionLimiting,
        @Schema(description = "2007 site code -> destination site code used in collection queries") Map<String, String> siteCodeReplacement,
        BootImage bootImage,
        @Schema(description = "Destination PackageID of the destination's Configuration Manager Client Package: task sequences referencing "
                + "the source client package reference it instead, and the source client package is not pulled into the job (spec 3.9)")
        String clientPackage) {

    /** What to migrate: whole types and/or object keys ({@code siteCode/TYPE/sourceId}); unselected keys are excluded with their dependants. */
    public record Selection(List<ObjectType> types, List<String> objectKeys, List<String> unselect) {
    }

    public record Schedule(Mode mode, Instant at) {
        public enum Mode {
            NOW, AT, DO_NOT_RUN
        }
    }

    public enum Conflict {
        SKIP, OVERWRITE
    }

    /** Destination boot image package ids to use instead of the migrated ones (CustomBootImagePackage_x86 / _x64). */
    public record BootImage(String x86, String x64) {
    }
}
