package io.cmmigration.job.job.domain;

import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.ReferenceSource;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.job.catalogue.domain.CatalogueObject;
import io.cmmigration.job.support.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a catalogue object into the row written to the destination, applying exactly the documented transformations
 * of the object-type catalogue (spec §3.3, §3.7, §3.9). Pure: everything it needs from outside comes through
 * {@link Context}. Reconciliation re-runs it to know what the destination should hold.
 */
public final class DestinationTransformer {

    /** ProgramFlags bit "disabled" (SMS_Program, spec §8.3). */
    public static final long PROGRAM_DISABLED = 0x00001000L;
    static final String UNKNOWN_COMPUTERS_CLASS = "SMS_R_UNKNOWNSYSTEM";

    private DestinationTransformer() {
    }

    /** What the transformer needs to know beyond the object itself. */
    public interface Context {
        String hierarchyId();

        SourceFamily family();

        /** Destination top-level site code (default content owner, replacement for unmapped site codes). */
        String destinationSite();

        /** Whether the object with this key already exists in the destination (or was written earlier in this run). */
        boolean inDestination(String objectKey);

        /** A catalogue object referenced by the one being transformed (collections, boot images, folders); null if unknown. */
        CatalogueObject lookup(String objectKey);
    }

    /** The destination form of an object. */
    public record Destination(String destinationId, String destinationType, String name, String folder, String contentOwnerSite,
            Map<String, Object> attributes, List<ReferenceOut> references, List<String> warnings) {

        /** Hash of what the destination holds for the object (type, name, folder, attribute document), canonical JSON. */
        public String contentHash() {
            return document().contentHash();
        }

        /**
         * The attribute document as stored (canonical JSON: keys sorted at every level) and the content hash computed from
         * that same text: one serialization per object instead of two (hash and column; ~15 % of a job's CPU samples).
         */
        public Document document() {
            String json = Json.canonical(attributes);
            return new Document(json, hashOfCanonical(destinationType, name, folder, json));
        }
    }

    /** An object's attribute document in canonical JSON and its content hash (equal to {@link #hash}). */
    public record Document(String attributesJson, String contentHash) {
    }

    public record ReferenceOut(String name, String targetKey, String targetDestinationId, boolean required) {
    }

    /** An object the rules refuse to migrate; it fails alone, its siblings go on. */
    public static final class Rejected extends Exception {
        private final int code;

        public Rejected(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public static final int MISSING_DEPENDENCY = 2;
    public static final int RULE_VIOLATION = 3;
    public static final int NO_CLIENT_GUID = 5;

    public static String hash(String destinationType, String name, String folder, Map<String, Object> attributes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", destinationType);
        doc.put("name", name);
        doc.put("folder", folder);
        doc.put("attributes", attributes);
        return Json.sha256(Json.canonical(doc));
    }

    /**
     * {@link #hash} from the attribute document already written canonically: the canonical form of {@code {"type",
     * "name", "folder", "attributes"}} is those keys sorted with their canonical values, so the document text is spliced
     * in instead of being serialized again. The three strings go through the same Jackson configuration (its escaping); the
     * digest is fed piece by piece (no concatenated copy of the document).
     */
    public static String hashOfCanonical(String destinationType, String name, String folder, String canonicalAttributes) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(HASH_PREFIX);
        sha.update(canonicalAttributes.getBytes(StandardCharsets.UTF_8));
        sha.update(HASH_FOLDER);
        sha.update(Json.write(folder).getBytes(StandardCharsets.UTF_8));
        sha.update(HASH_NAME);
        sha.update(Json.write(name).getBytes(StandardCharsets.UTF_8));
        sha.update(HASH_TYPE);
        sha.update(Json.write(destinationType).getBytes(StandardCharsets.UTF_8));
        sha.update(HASH_END);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static final byte[] HASH_PREFIX = "{\"attributes\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HASH_FOLDER = ",\"folder\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HASH_NAME = ",\"name\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HASH_TYPE = ",\"type\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HASH_END = "}".getBytes(StandardCharsets.UTF_8);

    /** Destination id: deterministic from the natural key, so a re-run or resume addresses the same row; clients keep their GUID. */
    public static String destinationId(String hierarchyId, CatalogueObject o) throws Rejected {
        if (o.objectType() == ObjectType.CLIENT) {
            Object guid = o.attributes().get("SMS_Unique_Identifier0");
            if (guid == null || guid.toString().isBlank()) {
                throw new Rejected(NO_CLIENT_GUID, "client record has no SMS_Unique_Identifier0 (GUID); it cannot be tied to the destination");
            }
            return guid.toString();
        }
        return destinationIdOfKey(hierarchyId, o.objectKey());
    }

    public static String destinationIdOfKey(String hierarchyId, String objectKey) {
        String builtIn = builtInCollectionId(objectKey);
        if (builtIn != null) {
            return builtIn;
        }
        return UUID.nameUUIDFromBytes((hierarchyId + "/" + objectKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The destination's own collection for a built-in source collection (spec §3.7: default collections are supported),
     * else null. Built-in collections (All Systems SMS00001, All Users SMS00002, SMSDM001 ...) exist with the same id in
     * every ConfigMgr hierarchy and carry the reserved prefix SMS (no site code can be "SMS"): they are never created
     * again in the destination; references to them point at the destination's built-in collection of the same id.
     */
    public static String builtInCollectionId(String objectKey) {
        int a = objectKey.indexOf('/');
        int b = a < 0 ? -1 : objectKey.indexOf('/', a + 1);
        if (b < 0 || !objectKey.regionMatches(a + 1, "COLLECTION/", 0, "COLLECTION/".length())) {
            return null;
        }
        String id = objectKey.substring(b + 1);
        return isBuiltInCollectionId(id) ? id : null;
    }

    public static boolean isBuiltInCollectionId(String collectionId) {
        return collectionId.length() == 8 && collectionId.regionMatches(true, 0, "SMS", 0, 3);
    }

    /** Name ConfigMgr gives the client installation package in every site (2007 and current branch). */
    public static final String CLIENT_PACKAGE_NAME = "Configuration Manager Client Package";

    public static boolean isClientPackageName(String name) {
        return name != null && name.trim().equalsIgnoreCase(CLIENT_PACKAGE_NAME);
    }

    /** A task sequence's reference to the source client package, replaced because the job names the destination's. */
    static boolean clientPackageRef(CatalogueObject o, ObjectReference r, JobOptions options, Context ctx) {
        if (o.objectType() != ObjectType.TASK_SEQUENCE || options.clientPackage() == null || r.targetType() != ObjectType.PACKAGE) {
            return false;
        }
        CatalogueObject target = ctx.lookup(r.targetKey());
        return target != null && isClientPackageName(target.name());
    }

    /** Whether the object is a built-in collection (by its reserved id; the gathered IsBuiltIn flag says the same). */
    public static boolean isBuiltInCollection(CatalogueObject o) {
        return o.objectType() == ObjectType.COLLECTION && isBuiltInCollectionId(o.sourceId());
    }

    public static Destination transform(CatalogueObject o, JobOptions options, Context ctx) throws Rejected {
        ObjectTypeSpec spec = ObjectTypeCatalogue.spec(o.objectType());
        Map<String, Object> a = deepCopy(o.attributes());
        List<String> warnings = new ArrayList<>();
        String destinationType = o.objectType().name();
        String name = o.name();
        String id = destinationId(ctx.hierarchyId(), o);

        // References: required ones must already be in the destination (dependency order guarantees it unless they failed).
        List<ReferenceOut> refs = new ArrayList<>();
        Map<String, String> remapped = new LinkedHashMap<>();
        for (ObjectReference r : o.references() == null ? List.<ObjectReference>of() : o.references()) {
            boolean migratable = ObjectTypeCatalogue.spec(r.targetType()).migratable();
            boolean present = migratable && (builtInCollectionId(r.targetKey()) != null || ctx.inDestination(r.targetKey()));
            if (r.required() && migratable && !present && !clientPackageRef(o, r, options, ctx)) {
                throw new Rejected(MISSING_DEPENDENCY, "required " + r.name() + " " + r.targetKey() + " is not in the destination (not migrated or failed)");
            }
            if (clientPackageRef(o, r, options, ctx)) {
                // Spec §3.9: the reference to the client installation package is replaced by the destination's client package.
                refs.add(new ReferenceOut(r.name(), r.targetKey(), options.clientPackage(), r.required()));
                warnings.add("client package " + r.targetId() + " replaced by destination client package " + options.clientPackage());
                continue;
            }
            String targetId = present ? destinationIdOfKey(ctx.hierarchyId(), r.targetKey()) : null;
            refs.add(new ReferenceOut(r.name(), r.targetKey(), targetId, r.required()));
            if (targetId != null) {
                remapped.put(r.name(), targetId);
            }
        }
        // Column references carry source ids in the document: point them at the destination ids (remap fields).
        for (ReferenceSource rs : spec.references()) {
            if (rs.isColumn() && remapped.containsKey(rs.name()) && a.get(rs.column()) != null) {
                a.put(rs.column(), remapped.get(rs.name()));
            }
        }
        if (a.containsKey("SourceSite")) {
            a.put("SourceSite", options.contentOwner(o.siteCode(), ctx.destinationSite()));
        }

        switch (o.objectType()) {
            case COLLECTION -> {
                CollectionOutcome c = collection(o, a, options, ctx, remapped);
                a = c.attributes();
                destinationType = c.destinationType();
                warnings.addAll(c.warnings());
            }
            case PACKAGE -> programs(a, options.enablePrograms());
            case ADVERTISEMENT, SOFTWARE_UPDATE_DEPLOYMENT -> {
                // Disabled after migration unless the job enables programs after advertisement migration (spec §3.3).
                a.put("Enabled", o.objectType() == ObjectType.ADVERTISEMENT && options.enablePrograms());
                if (o.objectType() == ObjectType.SOFTWARE_UPDATE_DEPLOYMENT) {
                    a.put("UpdateGroup", "Migrated update group of " + o.sourceId());
                }
            }
            case BOOT_IMAGE -> a.put("PkgSourcePath", defaultBootImagePath(ctx.destinationSite(), a.get("Architecture")));
            case TASK_SEQUENCE -> {
                String boot = bootImageSubstitute(o, options, ctx);
                if (boot != null) {
                    a.put("BootImageID", boot);
                    warnings.add("boot image replaced by destination boot image " + boot);
                }
            }
            case SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE -> {
                if (ctx.family() == SourceFamily.CM2007 && a.remove("Duration") != null) {
                    warnings.add("2007 Duration value not migrated");
                }
            }
            case VIRTUAL_APPLICATION_PACKAGE -> {
                if (ctx.family() == SourceFamily.CM2007) {
                    destinationType = ObjectType.APPLICATION.name();
                }
            }
            case BOUNDARY -> {
                a.put("SiteCode", ctx.destinationSite());
                a.put("BoundaryGroup", "Migrated boundaries of " + o.siteCode());
                a.put("ContentLocation", true);
                a.put("SiteAssignment", false);
            }
            case SOFTWARE_METERING_RULE -> a.put("SiteCode", ctx.destinationSite());
            default -> {
            }
        }
        String folder = options.transferFolderStructure() || o.objectType() == ObjectType.COLLECTION ? folderPath(o, ctx) : null;
        return new Destination(id, destinationType, name, folder, options.contentOwner(o.siteCode(), ctx.destinationSite()), a, refs, warnings);
    }

    private record CollectionOutcome(String destinationType, Map<String, Object> attributes, List<String> warnings) {
    }

    /** Collection rules of spec §3.7. */
    @SuppressWarnings("unchecked")
    private static CollectionOutcome collection(CatalogueObject o, Map<String, Object> a, JobOptions options, Context ctx,
            Map<String, String> remapped) throws Rejected {
        List<String> warnings = new ArrayList<>();
        int type = intOf(a.get("CollectionType"), -1);
        List<Map<String, Object>> queryRules = listOf(a.get("queryRules"));
        List<Map<String, Object>> directRules = listOf(a.get("directRules"));
        boolean users = type == 1 || directRules.stream().anyMatch(r -> intOf(r.get("ResourceType"), 0) == 4);
        boolean devices = type == 2 || directRules.stream().anyMatch(r -> intOf(r.get("ResourceType"), 0) == 5);
        if (type == 0 || (users && devices)) {
            throw new Rejected(RULE_VIOLATION, "collection contains both users and devices; such collections cannot migrate (spec 3.7)");
        }
        for (ObjectReference r : o.references() == null ? List.<ObjectReference>of() : o.references()) {
            if (r.targetType() == ObjectType.COLLECTION && !"folder".equals(r.name()) && !SUB_COLLECTION.equals(r.name())) {
                CatalogueObject target = ctx.lookup(r.targetKey());
                int targetType = target == null ? -1 : intOf(target.attributes().get("CollectionType"), -1);
                if (targetType > 0 && type > 0 && targetType != type) {
                    throw new Rejected(RULE_VIOLATION, "collection references " + r.targetKey() + " of another resource type ("
                            + (targetType == 1 ? "user" : "device") + "); it cannot migrate (spec 3.7)");
                }
            }
        }
        // Include/exclude links make a collection without rules non-empty; 2007 sub-collections do not (a parent that only
        // holds sub-collections becomes the folder they are placed in).
        boolean hasLinks = o.references() != null && o.references().stream()
                .anyMatch(r -> r.targetType() == ObjectType.COLLECTION && !r.name().equals("limitingCollection") && !SUB_COLLECTION.equals(r.name())
                        && !PARENT_COLLECTION.equals(r.name()));
        if (queryRules.isEmpty() && directRules.isEmpty() && intOf(a.get("MemberCount"), 0) == 0 && !hasLinks) {
            Map<String, Object> folder = new LinkedHashMap<>();
            folder.put("Name", o.name());
            folder.put("FolderOf", type == 1 ? "User Collections" : "Device Collections");
            warnings.add(o.references() != null && o.references().stream().anyMatch(r -> SUB_COLLECTION.equals(r.name()))
                    ? "collection with sub-collections and no rules converted to an organizational folder holding its sub-collections"
                    : "empty collection converted to an organizational folder");
            return new CollectionOutcome(ObjectType.ORGANIZATIONAL_FOLDER.name(), folder, warnings);
        }
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> rule : queryRules) {
            String q = String.valueOf(rule.getOrDefault("QueryExpression", ""));
            if (q.toUpperCase(Locale.ROOT).contains(UNKNOWN_COMPUTERS_CLASS)) {
                warnings.add("rule '" + rule.get("RuleName") + "' includes unknown computers and was dropped");
                continue;
            }
            if (ctx.family() == SourceFamily.CM2007) {
                rule.put("QueryExpression", replaceSiteCodes(q, o.siteCode(), options.siteCodeReplacement(), ctx.destinationSite(), warnings));
            }
            if (rule.get("LimitToCollectionID") != null && options.collectionLimiting().containsKey(String.valueOf(rule.get("LimitToCollectionID")))) {
                rule.put("LimitToCollectionID", options.collectionLimiting().get(String.valueOf(rule.get("LimitToCollectionID"))));
            }
            kept.add(rule);
        }
        a.put("queryRules", kept);
        // Limiting collection: the job's mapping wins; otherwise the migrated limiting collection (already remapped).
        String mapped = options.collectionLimiting().get(o.sourceId());
        if (mapped != null) {
            a.put("LimitToCollectionID", mapped);
        } else if (a.get("LimitToCollectionID") == null && ctx.family() == SourceFamily.CM2007) {
            warnings.add("no limiting collection mapped: the collection is evaluated at every destination site");
        } else if (remapped.containsKey("limitingCollection")) {
            a.put("LimitToCollectionID", remapped.get("limitingCollection"));
        }
        if (ctx.family() == SourceFamily.CM2012_PLUS) {
            // 2012+: rules only, no members (spec 3.7 / M-OBJ).
            a.remove("MemberCount");
            a.remove("members");
        }
        return new CollectionOutcome(ObjectType.COLLECTION.name(), a, warnings);
    }

    /** Replaces 2007 site codes quoted in a WQL query: the job's mapping, else the object's own site code by the destination site. */
    static String replaceSiteCodes(String query, String ownSite, Map<String, String> mapping, String destinationSite, List<String> warnings) {
        String out = query;
        for (Map.Entry<String, String> m : mapping.entrySet()) {
            out = replaceQuoted(out, m.getKey(), m.getValue());
        }
        if (!mapping.containsKey(ownSite)) {
            String replaced = replaceQuoted(out, ownSite, destinationSite);
            if (!replaced.equals(out)) {
                warnings.add("site code " + ownSite + " in a query replaced by destination site " + destinationSite + " (no mapping given)");
                out = replaced;
            }
        }
        return out;
    }

    private static String replaceQuoted(String q, String from, String to) {
        Matcher m = Pattern.compile("([\"'])" + Pattern.quote(from) + "\\1", Pattern.CASE_INSENSITIVE).matcher(q);
        return m.replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + to + mr.group(1)));
    }

    private static void programs(Map<String, Object> a, boolean enable) {
        for (Map<String, Object> p : listOf(a.get("programs"))) {
            long flags = longOf(p.get("ProgramFlags"));
            p.put("ProgramFlags", enable ? flags & ~PROGRAM_DISABLED : flags | PROGRAM_DISABLED);
        }
    }

    static String defaultBootImagePath(String destinationSite, Object architecture) {
        String arch = intOf(architecture, 0) == 9 ? "x64" : "i386";
        return "\\\\" + destinationSite.toLowerCase(Locale.ROOT) + "-site-server\\SMS_" + destinationSite + "\\osd\\boot\\" + arch + "\\boot.wim";
    }

    private static String bootImageSubstitute(CatalogueObject ts, JobOptions options, Context ctx) {
        if (options.bootImageX64() == null && options.bootImageX86() == null) {
            return null;
        }
        Object bootId = ts.attributes().get("BootImageID");
        if (bootId == null) {
            return null;
        }
        CatalogueObject boot = ctx.lookup(CatalogueObject.key(ts.siteCode(), ObjectType.BOOT_IMAGE, bootId.toString()));
        boolean x64 = boot != null && intOf(boot.attributes().get("Architecture"), 0) == 9;
        return x64 ? options.bootImageX64() : options.bootImageX86();
    }

    /** 2007 sub-collection relation (gathered from v_CollectToSubCollect): parent -> sub-collection, and sub-collection -> parent. */
    public static final String SUB_COLLECTION = "subCollection";
    public static final String PARENT_COLLECTION = "parentCollection";

    /**
     * Folder path from the object's organizational folder and its parents (names joined by '/'). A 2007 sub-collection
     * (spec §3.7: linked collections / sub-collections -> a folder plus the collections) is placed in a folder named after
     * its parent collection, inside the parent's own folder path (recursively for sub-collections of sub-collections).
     */
    static String folderPath(CatalogueObject o, Context ctx) {
        if (o.objectType() == ObjectType.COLLECTION && ctx.family() == SourceFamily.CM2007) {
            String parentKey = o.references() == null ? null : o.references().stream().filter(r -> PARENT_COLLECTION.equals(r.name()))
                    .map(ObjectReference::targetKey).sorted().findFirst().orElse(null);
            CatalogueObject parent = parentKey == null ? null : ctx.lookup(parentKey);
            if (parent != null && !parentKey.equals(o.objectKey())) {
                String parentPath = folderPathVisited(parent, ctx, new java.util.HashSet<>(List.of(o.objectKey())));
                return (parentPath == null ? "" : parentPath) + "/" + parent.name();
            }
        }
        return plainFolderPath(o, ctx);
    }

    private static String folderPathVisited(CatalogueObject o, Context ctx, java.util.Set<String> visited) {
        if (!visited.add(o.objectKey()) || visited.size() > 32) {
            return plainFolderPath(o, ctx);
        }
        String parentKey = o.references() == null ? null : o.references().stream().filter(r -> PARENT_COLLECTION.equals(r.name()))
                .map(ObjectReference::targetKey).sorted().findFirst().orElse(null);
        CatalogueObject parent = parentKey == null ? null : ctx.lookup(parentKey);
        if (parent == null || visited.contains(parentKey)) {
            return plainFolderPath(o, ctx);
        }
        String parentPath = folderPathVisited(parent, ctx, visited);
        return (parentPath == null ? "" : parentPath) + "/" + parent.name();
    }

    private static String plainFolderPath(CatalogueObject o, Context ctx) {
        String key = o.references() == null ? null : o.references().stream().filter(r -> "folder".equals(r.name())).map(ObjectReference::targetKey)
                .findFirst().orElse(null);
        List<String> names = new ArrayList<>();
        for (int depth = 0; key != null && depth < 32; depth++) {
            CatalogueObject f = ctx.lookup(key);
            if (f == null) {
                break;
            }
            names.add(0, f.name());
            key = f.references() == null ? null : f.references().stream().filter(r -> "parentFolder".equals(r.name()))
                    .map(ObjectReference::targetKey).findFirst().orElse(null);
        }
        return names.isEmpty() ? null : "/" + String.join("/", names);
    }

    /** References followed upwards when prefetching lookups: folder parents, and 2007 parent collections with their folders. */
    public static boolean walkedUp(ObjectReference r) {
        return "parentFolder".equals(r.name()) || PARENT_COLLECTION.equals(r.name()) || "folder".equals(r.name());
    }

    /** Keys of the folders (and parents) an object needs looked up; used to prefetch. */
    public static List<String> lookupsNeeded(CatalogueObject o) {
        List<String> out = new ArrayList<>();
        if (o.references() != null) {
            for (ObjectReference r : o.references()) {
                if ("folder".equals(r.name()) || r.targetType() == ObjectType.COLLECTION || r.targetType() == ObjectType.BOOT_IMAGE
                        || (o.objectType() == ObjectType.TASK_SEQUENCE && r.targetType() == ObjectType.PACKAGE)) {
                    out.add(r.targetKey());
                }
            }
        }
        if (o.objectType() == ObjectType.TASK_SEQUENCE && o.attributes().get("BootImageID") != null) {
            out.add(CatalogueObject.key(o.siteCode(), ObjectType.BOOT_IMAGE, o.attributes().get("BootImageID").toString()));
        }
        return out;
    }

    /** Whether a job of this type may overwrite an existing destination row of this type (App-V never, spec §3.3). */
    public static boolean overwritable(ObjectType type) {
        return type != ObjectType.VIRTUAL_APPLICATION_PACKAGE;
    }

    public static boolean forcedOverwrite(JobType jobType) {
        return jobType == JobType.MODIFIED_AFTER_MIGRATION;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> listOf(Object o) {
        if (o instanceof List<?> l) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object e : l) {
                if (e instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
            return out;
        }
        return new ArrayList<>();
    }

    static int intOf(Object o, int dflt) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof String s && !s.isBlank()) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return dflt;
    }

    static long longOf(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** A structural copy of a JSON document (maps, lists, scalars): the catalogue's document must stay untouched. */
    static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>(m == null ? 16 : Math.max(16, m.size() * 2));
        if (m != null) {
            m.forEach((k, v) -> out.put(k, copyValue(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> map) {
            return deepCopy((Map<String, Object>) map);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(copyValue(e));
            }
            return out;
        }
        return v; // strings, numbers, booleans, null: immutable
    }
}
