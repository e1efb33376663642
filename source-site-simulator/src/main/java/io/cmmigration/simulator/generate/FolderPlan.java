package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.FOLDERS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.FOLDER_MEMBERS;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Organizational and search folders (vSMS_Folders) and folder memberships (vFolderMembers). Folders are created per
 * object class before the objects, and about a third of the objects of every foldered type are placed in one.
 * {@code ObjectTypeName} is the catalogue's smsClass. {@code InstanceKey} is what ConfigMgr stores: the object's key for
 * packages, collections and advertisements, but the {@code ModelName} for CI-based objects (applications, configuration
 * items, baselines, drivers, update groups) - see README "catalogue findings".
 */
final class FolderPlan {

    /** Folder object types as stored in ObjectType (approximate SMS_ObjectContainerNode.ObjectType values). */
    private static final Map<ObjectType, Integer> OBJECT_TYPE_NUMBERS = new EnumMap<>(Map.ofEntries(
            Map.entry(ObjectType.PACKAGE, 2), Map.entry(ObjectType.ADVERTISEMENT, 3), Map.entry(ObjectType.VIRTUAL_APPLICATION_PACKAGE, 2),
            Map.entry(ObjectType.CONFIGURATION_ITEM, 6001), Map.entry(ObjectType.CONFIGURATION_BASELINE, 2011),
            Map.entry(ObjectType.OS_INSTALL_PACKAGE, 14), Map.entry(ObjectType.OS_IMAGE, 18), Map.entry(ObjectType.BOOT_IMAGE, 19),
            Map.entry(ObjectType.TASK_SEQUENCE, 20), Map.entry(ObjectType.DRIVER_PACKAGE, 23), Map.entry(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT_PACKAGE, 24),
            Map.entry(ObjectType.DRIVER, 25), Map.entry(ObjectType.SOFTWARE_UPDATE_GROUP, 1011), Map.entry(ObjectType.COLLECTION, 5000),
            Map.entry(ObjectType.APPLICATION, 6000), Map.entry(ObjectType.APPV_VIRTUAL_ENVIRONMENT, 7000)));
    private static final String[] NAMES = {"Production", "Pilot", "Archive", "Test", "Windows 10", "Servers", "Büro München",
            "東京オフィス", "Retired 🗑", "Finance", "Office", "Drivers", "Line of business", "Vendor"};

    private final GenerationContext ctx;
    private final Random random;
    private final Map<ObjectType, List<Folder>> folders = new EnumMap<>(ObjectType.class);

    private record Folder(int id, String path, int depth, boolean search) {
    }

    FolderPlan(GenerationContext ctx) {
        this.ctx = ctx;
        this.random = ctx.random("folders");
    }

    static int objectTypeNumber(ObjectType type) {
        return OBJECT_TYPE_NUMBERS.getOrDefault(type, 0);
    }

    /** Types whose objects may sit in folders: those with the catalogue's folder reference, present in this family. */
    List<ObjectType> folderedTypes() {
        List<ObjectType> types = new ArrayList<>();
        for (ObjectTypeSpec spec : ObjectTypeCatalogue.all()) {
            boolean hasFolder = spec.references().stream().anyMatch(r -> r.name().equals("folder"));
            if (hasFolder && ctx.count(spec.type()) > 0) {
                types.add(spec.type());
            }
        }
        return types;
    }

    void generate() {
        List<ObjectType> types = folderedTypes();
        int total = ctx.count(ObjectType.ORGANIZATIONAL_FOLDER);
        if (types.isEmpty()) {
            return;
        }
        for (int i = 0; i < total; i++) {
            ObjectType type = types.get(i % types.size());
            List<Folder> list = folders.computeIfAbsent(type, t -> new ArrayList<>());
            List<Folder> parents = list.stream().filter(f -> !f.search && f.depth < 3).toList();
            Folder parent = parents.isEmpty() || random.nextBoolean() ? null : GenerationContext.pick(random, parents);
            boolean search = list.size() > 0 && random.nextInt(10) == 0;
            String base = GenerationContext.pick(random, NAMES) + (random.nextInt(3) == 0 ? "" : " " + (i + 1));
            String name = random.nextInt(60) == 0 ? NameFactory.atLimit(base, 255) : base;
            int id = ctx.next("folder");
            String spec = ObjectTypeCatalogue.spec(type).smsClass();
            String path = (parent == null ? "" : parent.path) + "/" + name;
            ctx.loader.row(FOLDERS).set("ContainerNodeID", id).set("Name", name).set("ObjectType", objectTypeNumber(type))
                    .set("ObjectTypeName", spec).set("ParentContainerNodeID", parent == null ? 0 : parent.id)
                    .set("IsSearchFolder", search ? 1 : 0)
                    .set("SearchString", search ? "<SearchString><Property>Name</Property><Operator>Contains</Operator><Value>"
                            + base.toLowerCase(Locale.ROOT) + "</Value></SearchString>" : null)
                    .set("FolderGuid", GenerationContext.guid(random)).set("SourceSite", ctx.hierarchy.creatingSites(ctx.dbSite).get(0).code())
                    .end();
            list.add(new Folder(id, path, parent == null ? 1 : parent.depth + 1, search));
        }
    }

    /** Puts about a third of the objects into a folder of their type; returns the folder path ("/" for the root). */
    String assign(ObjectType type, String instanceKey, Random r) {
        List<Folder> list = folders.get(type);
        if (list == null || r.nextInt(3) != 0) {
            return "/";
        }
        Folder f = list.get(r.nextInt(list.size()));
        if (f.search) {
            return "/";
        }
        ctx.loader.row(FOLDER_MEMBERS).set("InstanceKey", instanceKey).set("ContainerNodeID", f.id).set("ObjectType", objectTypeNumber(type))
                .set("ObjectTypeName", ObjectTypeCatalogue.spec(type).smsClass()).end();
        return f.path;
    }
}
