package io.cmmigration.simulator.generate;

import static io.cmmigration.simulator.schema.SiteDatabaseSchema.ADVERTISEMENTS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.CI_ASSIGNMENTS;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.CI_ASSIGNMENT_TO_CI;
import static io.cmmigration.simulator.schema.SiteDatabaseSchema.DEPLOYMENT_SUMMARY;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.simulator.generate.GenerationContext.AppInfo;
import io.cmmigration.simulator.generate.GenerationContext.CollectionInfo;
import io.cmmigration.simulator.generate.GenerationContext.NamedKey;
import io.cmmigration.simulator.generate.GenerationContext.PackageInfo;

import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Targeting objects: 2012+ deployments (v_DeploymentSummary, FeatureType 1 application, 2 program, 5 software updates,
 * 6 baseline, 7 task sequence), 2007 advertisements (programs of regular and App-V packages) and 2007 software update
 * deployments (v_CIAssignment AssignmentType 1) plus 2007 baseline assignments (AssignmentType 0).
 */
final class DeploymentGenerator {

    private final GenerationContext ctx;
    private final FolderPlan folders;
    private final Random random;
    private final NameFactory names;

    DeploymentGenerator(GenerationContext ctx, FolderPlan folders) {
        this.ctx = ctx;
        this.folders = folders;
        this.random = ctx.random("deployments");
        this.names = new NameFactory(ctx.random("deployment-names"));
    }

    void generate() {
        deployments();
        advertisements();
        updateDeployments();
    }

    private CollectionInfo collection(boolean usersAllowed) {
        List<CollectionInfo> pool = usersAllowed && random.nextInt(4) == 0 && !ctx.userCollections.isEmpty() ? ctx.userCollections : ctx.deviceCollections;
        return GenerationContext.pick(random, pool);
    }

    private void deployments() {
        int count = ctx.count(ObjectType.DEPLOYMENT);
        for (int i = 0; i < count; i++) {
            String site = ctx.creatingSite(random);
            // The first five cover every feature type (applications, programs, task sequences, baselines, updates).
            int roll = i < 5 ? new int[] {0, 50, 85, 92, 97}[i] : random.nextInt(100);
            int feature;
            if (roll < 45 && !ctx.applications.isEmpty()) {
                feature = 1;
            } else if (roll < 80 && !ctx.packages.isEmpty()) {
                feature = 2;
            } else if (roll < 90 && !ctx.taskSequences.isEmpty()) {
                feature = 7;
            } else if (roll < 95 && !ctx.baselines.isEmpty()) {
                feature = 6;
            } else if (!ctx.updateGroups.isEmpty()) {
                feature = 5;
            } else {
                feature = 2;
            }
            CollectionInfo target = collection(feature == 1 || feature == 2);
            String id;
            String software;
            Integer ciId = null;
            String packageId = null;
            String program = null;
            switch (feature) {
                case 1 -> {
                    AppInfo app = GenerationContext.pick(random, ctx.applications);
                    id = "{" + GenerationContext.guid(random) + "}";
                    software = app.name();
                    ciId = app.ciId();
                }
                case 7 -> {
                    NamedKey ts = GenerationContext.pick(random, ctx.taskSequences);
                    id = ctx.nextOfferId(site);
                    software = ts.name();
                    packageId = ts.key();
                }
                case 6 -> {
                    NamedKey b = GenerationContext.pick(random, ctx.baselines);
                    id = "{" + GenerationContext.guid(random) + "}";
                    software = b.name();
                    ciId = Integer.valueOf(b.key());
                }
                case 5 -> {
                    NamedKey g = GenerationContext.pick(random, ctx.updateGroups);
                    id = "{" + GenerationContext.guid(random) + "}";
                    software = g.name();
                    ciId = Integer.valueOf(g.key());
                }
                default -> {
                    PackageInfo p = GenerationContext.pick(random, ctx.packages);
                    id = ctx.nextOfferId(site);
                    program = GenerationContext.pick(random, p.programs());
                    software = NameFactory.truncate(p.name() + " (" + program + ")", 512);
                    packageId = p.id();
                }
            }
            String collectionId = target.id();
            String collectionName = target.name();
            if (ctx.brokenReferences && i == count - 1) {
                // The target collection was deleted; the deployment summary still names it.
                collectionId = site + "FFFF4";
                ctx.broken(ObjectType.DEPLOYMENT, id, "collection", ObjectType.COLLECTION, collectionId);
            }
            LocalDateTime created = ctx.time(random);
            int intent = feature == 5 || feature == 6 ? 1 : 1 + random.nextInt(2);
            int targeted = random.nextInt(500);
            int success = targeted == 0 ? 0 : random.nextInt(targeted + 1);
            int errors = (targeted - success) / 3;
            ctx.loader.row(DEPLOYMENT_SUMMARY).set("DeploymentID", id).set("SoftwareName", software).set("CollectionID", collectionId)
                    .set("CollectionName", collectionName).set("FeatureType", feature).set("CI_ID", ciId).set("PackageID", packageId)
                    .set("ProgramName", program).set("DeploymentIntent", intent).set("DeploymentTime", created)
                    .set("EnforcementDeadline", intent == 1 ? created.plusDays(7) : null).set("CreationTime", created)
                    .set("ModificationTime", ctx.after(created, random, 20 * 24 * 3600)).set("NumberTargeted", targeted)
                    .set("NumberSuccess", success).set("NumberInProgress", (targeted - success - errors) / 2).set("NumberErrors", errors)
                    .set("NumberUnknown", targeted - success - errors - (targeted - success - errors) / 2).set("NumberOther", 0)
                    .set("SourceSite", site).end();
        }
    }

    private void advertisements() {
        int count = ctx.count(ObjectType.ADVERTISEMENT);
        if (ctx.packages.isEmpty() || ctx.allCollections.isEmpty()) {
            return;
        }
        for (int i = 0; i < count; i++) {
            String site = ctx.creatingSite(random);
            PackageInfo p = !ctx.appvPackages.isEmpty() && random.nextInt(20) == 0
                    ? GenerationContext.pick(random, ctx.appvPackages) : GenerationContext.pick(random, ctx.packages);
            String program = GenerationContext.pick(random, p.programs());
            CollectionInfo target = GenerationContext.pick(random, ctx.allCollections);
            String id = ctx.nextOfferId(site);
            String packageId = p.id();
            String collectionId = target.id();
            if (ctx.brokenReferences && i == count - 1) {
                packageId = site + "FFFF5";
                ctx.broken(ObjectType.ADVERTISEMENT, id, "package", ObjectType.PACKAGE, packageId);
            }
            if (ctx.brokenReferences && i == count - 2) {
                collectionId = site + "FFFF6";
                ctx.broken(ObjectType.ADVERTISEMENT, id, "collection", ObjectType.COLLECTION, collectionId);
            }
            LocalDateTime present = ctx.time(random);
            int flags = (random.nextInt(3) == 0 ? 0x20 : 0) | (random.nextInt(10) == 0 ? 0x00100000 : 0) | (random.nextInt(15) == 0 ? 0x00400000 : 0);
            ctx.loader.row(ADVERTISEMENTS).set("AdvertisementID", id).set("AdvertisementName", names.name(NameFactory.truncate(p.name(), 60)
                            + " to " + NameFactory.truncate(target.name(), 30), 100))
                    .set("Comment", random.nextBoolean() ? null : "Advertised " + program).set("PackageID", packageId).set("ProgramName", program)
                    .set("CollectionID", collectionId).set("SourceSite", site).set("AdvertFlags", flags)
                    .set("RemoteClientFlags", random.nextInt(3) == 0 ? 0x00000100 : 0x00000010).set("PresentTime", present)
                    .set("ExpirationTime", random.nextInt(4) == 0 ? present.plusMonths(3) : null).set("IncludeSubCollection", random.nextInt(2))
                    .set("TimeFlags", random.nextInt(2)).set("AssignedScheduleEnabled", (flags & 0x20) != 0 ? 1 : 0).end();
            folders.assign(ObjectType.ADVERTISEMENT, id, random);
        }
    }

    private void updateDeployments() {
        int count = ctx.count(ObjectType.SOFTWARE_UPDATE_DEPLOYMENT);
        if (count == 0 || ctx.deviceCollections.isEmpty()) {
            return;
        }
        for (int i = 0; i < count; i++) {
            assignment(1, "Deploy updates " + (2010 + i % 2) + "-" + (1 + i % 12) + " #" + i, ctx.softwareUpdates, 1 + random.nextInt(10));
        }
        // 2007 DCM baseline assignments share v_CIAssignment (AssignmentType 0); not a catalogue type.
        if (!ctx.baselines.isEmpty()) {
            List<Integer> baselineIds = ctx.baselines.stream().map(b -> Integer.valueOf(b.key())).toList();
            for (int i = 0; i < Math.max(1, count / 10); i++) {
                assignment(0, "Assign baseline #" + i, baselineIds, 1);
            }
        }
    }

    private void assignment(int type, String baseName, List<Integer> targets, int members) {
        String site = ctx.creatingSite(random);
        int id = ctx.next("assignment");
        LocalDateTime created = ctx.time(random);
        CollectionInfo target = GenerationContext.pick(random, ctx.deviceCollections);
        ctx.loader.row(CI_ASSIGNMENTS).set("AssignmentID", id).set("AssignmentName", names.name(baseName, 255)).set("AssignmentType", type)
                .set("Assignment_UniqueID", "{" + GenerationContext.guid(random) + "}").set("CollectionID", target.id())
                .set("Description", random.nextBoolean() ? null : "Monthly deployment").set("SourceSite", site).set("CreationTime", created)
                .set("LastModificationTime", ctx.after(created, random, 10 * 24 * 3600)).set("StartTime", created)
                .set("EnforcementDeadline", type == 1 ? created.plusDays(14) : null).set("AssignmentEnabled", random.nextInt(10) == 0 ? 0 : 1)
                .set("DesiredConfigType", type == 1 ? 1 : 0).end();
        if (!targets.isEmpty()) {
            Set<Integer> cis = new LinkedHashSet<>();
            for (int k = 0; k < members * 2 && cis.size() < members; k++) {
                cis.add(GenerationContext.pick(random, targets));
            }
            for (int ci : cis) {
                ctx.loader.row(CI_ASSIGNMENT_TO_CI).set("AssignmentID", id).set("CI_ID", ci).end();
            }
        }
    }
}
