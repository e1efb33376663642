package io.cmmigration.job.job.domain;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.Transformation;
import io.cmmigration.job.catalogue.domain.ObjectState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The "Review Information" page of the Create Migration Job wizard (spec §3.2): what the job will migrate, what it
 * will skip or overwrite, what the administrator must do by hand, and what the product will do to the objects.
 */
public record ReviewInformation(
        String jobName,
        String jobType,
        String hierarchyId,
        String sourceFamily,
        String conflictHandling,
        long total,
        Map<String, Long> countsByType,
        Map<String, Long> countsBySelection,
        List<Item> objects,
        List<String> willSkip,
        List<String> willOverwrite,
        List<String> excludedByUnselecting,
        List<String> dependenciesAlreadyMigrated,
        List<String> missingDependencies,
        List<String> manualActions,
        List<String> productActions) {

    public static final int MAX_LISTED = 5000;

    public record Item(String objectKey, String type, String name, String selectedBy, String action) {
    }

    static ReviewInformation of(JobOptions o, String family, JobPlanner.Plan plan, List<String> objectWarnings) {
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> bySelection = new TreeMap<>();
        List<Item> items = new ArrayList<>();
        List<String> skip = new ArrayList<>();
        List<String> overwrite = new ArrayList<>();
        Set<ObjectType> types = java.util.EnumSet.noneOf(ObjectType.class);
        boolean over = o.conflict() == JobRequest.Conflict.OVERWRITE;
        for (JobPlanner.Planned p : plan.objects()) {
            types.add(p.node().type());
            byType.merge(p.node().type().name(), 1L, Long::sum);
            bySelection.merge(p.selectedBy(), 1L, Long::sum);
            boolean inDestination = p.node().state() == ObjectState.MIGRATED || p.node().state() == ObjectState.MODIFIED;
            String action = !inDestination ? "MIGRATE" : over ? "OVERWRITE" : "SKIP";
            if (inDestination) {
                (over ? overwrite : skip).add(p.node().key());
            }
            if (items.size() < MAX_LISTED) {
                items.add(new Item(p.node().key(), p.node().type().name(), p.node().name(), p.selectedBy(), action));
            }
        }
        List<String> manual = new ArrayList<>();
        Map<ObjectType, String> notes = new EnumMap<>(ObjectType.class);
        for (ObjectType t : types) {
            String n = ObjectTypeCatalogue.spec(t).notes();
            if (n != null && !n.isBlank()) {
                notes.put(t, n);
            }
        }
        notes.forEach((t, n) -> manual.add(ObjectTypeCatalogue.spec(t).displayName() + ": " + n));
        List<String> missing = new ArrayList<>();
        for (String[] m : plan.missingDependencies()) {
            missing.add(m[0] + " requires " + m[1]);
            manual.add("Missing dependency: " + m[0] + " requires " + m[1] + ", which is not in the catalogue; the object will fail unless it exists in the destination");
        }
        for (var n : plan.notCarried()) {
            manual.add("App-V package " + n.key() + " was modified but cannot be overwritten: delete the application in the destination and migrate it in a new object job");
        }
        manual.addAll(objectWarnings);
        Set<String> actions = new LinkedHashSet<>();
        for (ObjectType t : types) {
            for (Transformation tr : ObjectTypeCatalogue.spec(t).transformations()) {
                if (tr == Transformation.DISABLE_PROGRAMS && o.enablePrograms()) {
                    actions.add(ObjectTypeCatalogue.spec(t).displayName() + ": programs are enabled after migration (job option)");
                } else if (tr == Transformation.REPLACE_CLIENT_PACKAGE_REFERENCE && o.clientPackage() == null) {
                    manual.add(ObjectTypeCatalogue.spec(t).displayName() + ": no destination client package given (option clientPackage): the reference "
                            + "to the source client package points at its migrated copy; replace it by the destination's client package");
                } else if (tr == Transformation.REPLACE_CLIENT_PACKAGE_REFERENCE) {
                    actions.add(ObjectTypeCatalogue.spec(t).displayName() + ": reference to the client package replaced by destination package "
                            + o.clientPackage());
                } else {
                    actions.add(ObjectTypeCatalogue.spec(t).displayName() + ": " + describe(tr));
                }
            }
        }
        actions.add("Security scopes " + o.securityScopes() + " are applied to every object");
        if (!o.transferFolderStructure()) {
            actions.add("Organizational folders are not transferred (collections keep theirs)");
        }
        return new ReviewInformation(o.name(), o.type().name(), o.hierarchyId(), family, o.conflict().name(), plan.objects().size(), byType, bySelection,
                items, skip, overwrite, plan.unselected().stream().map(n -> n.key()).toList(),
                plan.satisfiedDependencies().stream().map(n -> n.key()).toList(), missing, manual, new ArrayList<>(actions));
    }

    static String describe(Transformation t) {
        return switch (t) {
            case REPLACE_SITE_CODES_IN_QUERIES -> "2007 site codes in query rules are replaced (site code replacement mapping)";
            case MAP_LIMITING_COLLECTION -> "the limiting collection is replaced by the collection limiting mapping";
            case DROP_UNKNOWN_COMPUTERS_RULE -> "rules including unknown computers are dropped";
            case EMPTY_COLLECTION_TO_FOLDER -> "empty collections become organizational folders";
            case DISABLE_PROGRAMS -> "programs are disabled (ProgramFlags 0x1000)";
            case DISABLE_DEPLOYMENT -> "written disabled; enable after migration";
            case RESET_BOOT_IMAGE_SOURCE -> "source path reset to the destination's default boot image location";
            case REPLACE_CLIENT_PACKAGE_REFERENCE -> "reference to the client package replaced by the destination's";
            case APPV_PACKAGE_TO_APPLICATION -> "2007 App-V packages become applications";
            case UPDATE_LIST_TO_UPDATE_GROUP -> "2007 update lists become software update groups";
            case UPDATE_DEPLOYMENT_TO_DEPLOYMENT_AND_GROUP -> "2007 update deployments become a deployment plus an update group";
            case DROP_TEMPLATE_DURATION -> "the 2007 Duration value is dropped";
            case ADD_BOUNDARY_TO_NEW_GROUP -> "added to a new boundary group (content location on, site assignment off)";
            case REMAP_SITE_CODE -> "site codes mapped to the destination site";
            case KEEP_CLIENT_GUID -> "the client keeps its GUID";
        };
    }

    /** The downloadable text form ("Save To File"). */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Migration job review information\n");
        sb.append("Job: ").append(jobName).append(" (").append(jobType).append(")\n");
        sb.append("Source hierarchy: ").append(hierarchyId).append(sourceFamily == null ? "" : " [" + sourceFamily + "]").append('\n');
        sb.append("Conflict handling: ").append(conflictHandling).append('\n');
        sb.append("Objects: ").append(total).append('\n');
        countsByType.forEach((t, n) -> sb.append("  ").append(t).append(": ").append(n).append('\n'));
        section(sb, "Actions you must take", manualActions);
        section(sb, "Actions Configuration Manager migration will take", productActions);
        section(sb, "Will be skipped (already in the destination)", willSkip);
        section(sb, "Will be overwritten", willOverwrite);
        section(sb, "Excluded by unselecting (added to the exclusion list)", excludedByUnselecting);
        section(sb, "Dependencies already migrated", dependenciesAlreadyMigrated);
        section(sb, "Missing dependencies", missingDependencies);
        sb.append("\nObjects\n");
        for (Item i : objects) {
            sb.append("  ").append(i.action()).append('\t').append(i.objectKey()).append('\t').append(i.name() == null ? "" : i.name())
                    .append('\t').append(i.selectedBy()).append('\n');
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        sb.append('\n').append(title).append('\n');
        lines.forEach(l -> sb.append("  - ").append(l).append('\n'));
    }
}
