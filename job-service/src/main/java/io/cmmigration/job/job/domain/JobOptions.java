package io.cmmigration.job.job.domain;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.events.catalogue.ObjectType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A validated job request with every default applied (what is stored with the job and drives its execution). */
public record JobOptions(
        String name,
        String description,
        JobType type,
        String hierarchyId,
        List<ObjectType> selectedTypes,
        List<String> selectedKeys,
        List<String> unselect,
        boolean migrateAssociatedObjects,
        List<String> securityScopes,
        JobRequest.Schedule.Mode scheduleMode,
        Instant runAt,
        JobRequest.Conflict conflict,
        Map<String, String> contentOwnership,
        boolean transferFolderStructure,
        boolean enablePrograms,
        Map<String, String> collectionLimiting,
        Map<String, String> siteCodeReplacement,
        String bootImageX86,
        String bootImageX64,
        String clientPackage) {

    private static final Pattern SITE_CODE = Pattern.compile("[A-Za-z0-9]{3}");
    private static final Pattern OBJECT_KEY = Pattern.compile("[^/]+/[A-Z_]+/.+");

    /** Validates a request; every problem is reported at once as a 400 with field errors in the detail. */
    public static JobOptions validate(JobRequest r) {
        if (r == null) {
            throw ProblemException.badRequest("a job body is required");
        }
        List<String> errors = new ArrayList<>();
        if (r.name() == null || r.name().isBlank()) {
            errors.add("name: must not be blank");
        } else if (r.name().length() > 256) {
            errors.add("name: at most 256 characters");
        }
        if (r.type() == null) {
            errors.add("type: one of COLLECTION, OBJECT, MODIFIED_AFTER_MIGRATION");
        }
        if (r.hierarchyId() == null || r.hierarchyId().isBlank()) {
            errors.add("hierarchyId: must not be blank");
        }
        List<String> scopes = r.securityScopes() == null ? List.of() : r.securityScopes().stream().filter(s -> s != null && !s.isBlank()).toList();
        if (scopes.isEmpty()) {
            errors.add("securityScopes: at least one security scope is required (spec 3.3)");
        }
        JobRequest.Selection sel = r.selection() == null ? new JobRequest.Selection(null, null, null) : r.selection();
        List<ObjectType> types = sel.types() == null ? List.of() : sel.types();
        List<String> keys = sel.objectKeys() == null ? List.of() : sel.objectKeys();
        List<String> unselect = sel.unselect() == null ? List.of() : sel.unselect();
        if (types.stream().anyMatch(java.util.Objects::isNull)) {
            errors.add("selection.types: unknown object type");
        }
        for (String k : concat(keys, unselect)) {
            if (k == null || !OBJECT_KEY.matcher(k).matches()) {
                errors.add("selection: object key '" + k + "' is not siteCode/TYPE/sourceId");
            } else {
                try {
                    ObjectType.valueOf(k.split("/")[1]);
                } catch (IllegalArgumentException e) {
                    errors.add("selection: object key '" + k + "' names an unknown object type");
                }
            }
        }
        if (r.type() != null && r.type() != JobType.MODIFIED_AFTER_MIGRATION && r.type() != JobType.COLLECTION && types.isEmpty() && keys.isEmpty()) {
            errors.add("selection: choose object types or object keys");
        }
        JobRequest.Schedule.Mode mode = r.schedule() == null || r.schedule().mode() == null ? JobRequest.Schedule.Mode.NOW : r.schedule().mode();
        Instant at = r.schedule() == null ? null : r.schedule().at();
        if (mode == JobRequest.Schedule.Mode.AT && at == null) {
            errors.add("schedule.at: required when schedule.mode is AT");
        }
        if (mode != JobRequest.Schedule.Mode.AT && at != null) {
            errors.add("schedule.at: only allowed when schedule.mode is AT");
        }
        JobRequest.Conflict conflict = r.conflict() == null ? JobRequest.Conflict.SKIP : r.conflict();
        if (r.type() == JobType.MODIFIED_AFTER_MIGRATION) {
            conflict = JobRequest.Conflict.OVERWRITE; // forced (spec 3.1)
        }
        Map<String, String> owners = siteMap("contentOwnership", r.contentOwnership(), errors);
        Map<String, String> siteCodes = siteMap("siteCodeReplacement", r.siteCodeReplacement(), errors);
        Map<String, String> limiting = new LinkedHashMap<>();
        if (r.collectionLimiting() != null) {
            r.collectionLimiting().forEach((k, v) -> {
                if (k == null || k.isBlank() || v == null || v.isBlank()) {
                    errors.add("collectionLimiting: source and destination collection ids must not be blank");
                } else {
                    limiting.put(k, v);
                }
            });
        }
        if (r.type() != null && r.type() != JobType.COLLECTION && (!limiting.isEmpty() || !siteCodes.isEmpty())) {
            errors.add("collectionLimiting/siteCodeReplacement: only for collection migration jobs (spec 3.2)");
        }
        if (r.type() != null && r.type() != JobType.COLLECTION && r.migrateAssociatedObjects() != null) {
            errors.add("migrateAssociatedObjects: only for collection migration jobs");
        }
        String x86 = r.bootImage() == null ? null : blankToNull(r.bootImage().x86());
        String x64 = r.bootImage() == null ? null : blankToNull(r.bootImage().x64());
        String clientPackage = blankToNull(r.clientPackage());
        if (clientPackage != null && clientPackage.length() > 64) {
            errors.add("clientPackage: a destination PackageID (at most 64 characters)");
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Invalid job", String.join("; ", errors));
        }
        return new JobOptions(r.name().trim(), r.description(), r.type(), r.hierarchyId().trim(), List.copyOf(types), List.copyOf(keys),
                List.copyOf(unselect), r.migrateAssociatedObjects() == null || r.migrateAssociatedObjects(), List.copyOf(scopes), mode, at,
                conflict, owners, r.transferFolderStructure() == null || r.transferFolderStructure(),
                Boolean.TRUE.equals(r.enableProgramsAfterAdvertisementMigration()), limiting, siteCodes, x86, x64, clientPackage);
    }

    private static Map<String, String> siteMap(String field, Map<String, String> in, List<String> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (in != null) {
            in.forEach((k, v) -> {
                if (k == null || v == null || !SITE_CODE.matcher(k).matches() || !SITE_CODE.matcher(v).matches()) {
                    errors.add(field + ": '" + k + "' -> '" + v + "' is not a pair of three-character site codes");
                } else {
                    out.put(k.toUpperCase(java.util.Locale.ROOT), v.toUpperCase(java.util.Locale.ROOT));
                }
            });
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The destination site owning the content of objects from {@code sourceSite}. */
    public String contentOwner(String sourceSite, String destinationTopSite) {
        return contentOwnership.getOrDefault(sourceSite, destinationTopSite);
    }
}
