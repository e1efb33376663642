package io.cmmigration.job.job.execution;

import io.cmmigration.job.catalogue.domain.CatalogueObject;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import io.cmmigration.job.hierarchy.SourceHierarchy;
import io.cmmigration.job.job.domain.DestinationTransformer;
import io.cmmigration.job.job.domain.JobOptions;
import io.cmmigration.job.job.persistence.DestinationStore;
import io.cmmigration.job.job.persistence.MigrationJob;
import io.cmmigration.job.support.Json;
import io.cmmigration.common.sql.TableStatistics;
import io.cmmigration.job.support.Tables;
import io.cmmigration.common.rest.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verification after a job (something ConfigMgr never offered): for every object the job wrote, recompute what the
 * destination should hold from the catalogue source with the documented transformations and compare it with what the
 * destination holds. Differences are reported by kind; an object whose source changed since it was migrated is
 * reported as such (it is Modified, not corrupt). Streams through the job's rows page by page.
 */
@ApplicationScoped
public class Reconciler {

    public static final int PAGE = 500;
    /** Job-object keys per page of the missing-row check (only keys are read). */
    static final int KEY_PAGE = 2000;
    public static final int MAX_LISTED = 1000;

    @Inject
    CatalogueRepository catalogue;

    @Inject
    DestinationStore destination;

    @Inject
    io.cmmigration.job.job.persistence.JobObjectRepository jobObjects;

    @Inject
    TableStatistics statistics;

    @ConfigProperty(name = "cmm.job.default-destination-site", defaultValue = "DST")
    String defaultDestinationSite;

    public record Difference(String objectKey, String destinationId, String kind, String detail) {
    }

    public record Report(long jobId, Instant checkedAt, long checked, long matching, Map<String, Long> differencesByKind, List<Difference> differences) {
    }

    public Report reconcile(long jobId) {
        MigrationJob job = QuarkusTransaction.requiringNew().call(() -> MigrationJob.findById(jobId));
        if (job == null) {
            throw ProblemException.notFound("job " + jobId);
        }
        SourceHierarchy h = QuarkusTransaction.requiringNew().call(() -> SourceHierarchy.findById(job.hierarchyId));
        JobOptions options = job.options();
        long checked = 0;
        long matching = 0;
        Map<String, Long> byKind = new TreeMap<>();
        List<Difference> listed = new ArrayList<>();
        // Statistics first: every read below is keyed by IN lists of 500 on tables the job just rewrote (see TableStatistics).
        statistics.refreshIfStale(Tables.JOB_OBJECTS, Tables.CATALOGUE);
        statistics.refreshIfStale(destination.dataSource(), Tables.DESTINATION, Tables.DESTINATION_REFERENCES);
        try (Connection dc = destination.connection(); Connection c = catalogue.connection()) {
            String after = "";
            while (true) {
                List<String> ids = destination.idsOfJob(dc, jobId, after, PAGE);
                if (ids.isEmpty()) {
                    break;
                }
                after = ids.get(ids.size() - 1);
                Map<String, DestinationStore.Existing> rows = destination.existing(dc, ids, true);
                Map<String, Map<String, String>> refs = destination.references(dc, ids);
                Map<String, String> keyOf = new LinkedHashMap<>();
                for (DestinationStore.Existing r : rows.values()) {
                    keyOf.put(r.destinationId(), CatalogueObject.key(r.sourceSite(), io.cmmigration.events.catalogue.ObjectType.valueOf(r.objectType()), r.sourceId()));
                }
                Map<String, CatalogueObject> docs = catalogue.findAll(c, job.hierarchyId, keyOf.values());
                List<String> lookupKeys = new ArrayList<>();
                docs.values().forEach(d -> lookupKeys.addAll(DestinationTransformer.lookupsNeeded(d)));
                Map<String, CatalogueObject> lookups = new HashMap<>(catalogue.findAll(c, job.hierarchyId, lookupKeys));
                // Folder parents (a few levels are plenty for a lookup of names).
                for (int level = 0; level < 8; level++) {
                    List<String> parents = new ArrayList<>();
                    for (CatalogueObject f : lookups.values()) {
                        f.references().stream().filter(r -> DestinationTransformer.walkedUp(r) && !lookups.containsKey(r.targetKey()))
                                .forEach(r -> parents.add(r.targetKey()));
                    }
                    if (parents.isEmpty()) {
                        break;
                    }
                    lookups.putAll(catalogue.findAll(c, job.hierarchyId, parents));
                }
                lookups.putAll(docs);
                for (String id : ids) {
                    checked++;
                    DestinationStore.Existing row = rows.get(id);
                    String key = keyOf.get(id);
                    CatalogueObject doc = docs.get(key);
                    Difference d = compare(job.hierarchyId, h, options, row, key, doc, refs.getOrDefault(id, Map.of()), lookups);
                    if (d == null) {
                        matching++;
                    } else {
                        byKind.merge(d.kind(), 1L, Long::sum);
                        if (listed.size() < MAX_LISTED) {
                            listed.add(d);
                        }
                    }
                }
            }
            // Objects the job recorded as migrated whose destination row is gone (deleted after migration). Rows overwritten
            // by a later job still exist and are that job's to check. Existence by the natural key (the destination's unique
            // index; one statement per site and type in the page), so no catalogue document is read or parsed for it.
            String afterKey = "";
            while (true) {
                List<String> keys = jobObjects.completedKeys(c, jobId, afterKey, KEY_PAGE);
                if (keys.isEmpty()) {
                    break;
                }
                afterKey = keys.get(keys.size() - 1);
                Map<String, List<String>> bySiteAndType = new LinkedHashMap<>();
                for (String k : keys) {
                    if (DestinationTransformer.builtInCollectionId(k) != null) {
                        continue; // mapped to the destination's own collection, nothing written
                    }
                    int a = k.indexOf('/');
                    int b = a < 0 ? -1 : k.indexOf('/', a + 1);
                    if (b < 0) {
                        continue;
                    }
                    bySiteAndType.computeIfAbsent(k.substring(0, b), x -> new ArrayList<>()).add(k.substring(b + 1));
                }
                List<String> missing = new ArrayList<>();
                for (Map.Entry<String, List<String>> g : bySiteAndType.entrySet()) {
                    String site = g.getKey().substring(0, g.getKey().indexOf('/'));
                    String type = g.getKey().substring(g.getKey().indexOf('/') + 1);
                    java.util.Set<String> present = destination.presentSourceIds(dc, job.hierarchyId, site, type, g.getValue());
                    for (String id : g.getValue()) {
                        if (!present.contains(id)) {
                            missing.add(g.getKey() + "/" + id);
                        }
                    }
                }
                if (missing.isEmpty()) {
                    continue;
                }
                Map<String, CatalogueObject> docs = catalogue.findAll(c, job.hierarchyId, missing);
                for (String k : missing) {
                    CatalogueObject doc = docs.get(k);
                    if (doc == null && k.contains("/CLIENT/")) {
                        continue; // a client's destination id is its GUID, known only from the catalogue
                    }
                    String id;
                    try {
                        id = doc == null ? DestinationTransformer.destinationIdOfKey(job.hierarchyId, k) : DestinationTransformer.destinationId(job.hierarchyId, doc);
                    } catch (DestinationTransformer.Rejected r) {
                        continue; // cannot have been written
                    }
                    checked++;
                    byKind.merge("MISSING_IN_DESTINATION", 1L, Long::sum);
                    if (listed.size() < MAX_LISTED) {
                        listed.add(new Difference(k, id, "MISSING_IN_DESTINATION",
                                "the job migrated the object but the destination no longer has it (deleted after migration)"));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reconciliation of job " + jobId + " failed: " + e.getMessage(), e);
        }
        Report report = new Report(jobId, Instant.now(), checked, matching, byKind, listed);
        QuarkusTransaction.requiringNew().run(() -> {
            MigrationJob j = MigrationJob.findById(jobId);
            if (j != null) {
                j.reconciliation = Json.write(report);
                j.reconciledAt = report.checkedAt();
            }
        });
        return report;
    }

    private Difference compare(String hierarchyId, SourceHierarchy h, JobOptions options, DestinationStore.Existing row, String key,
            CatalogueObject doc, Map<String, String> storedRefs, Map<String, CatalogueObject> lookups) {
        String id = row.destinationId();
        if (doc == null) {
            return new Difference(key, id, "NOT_IN_CATALOGUE", "the catalogue no longer has the source object");
        }
        if (doc.fingerprint() != null && !doc.fingerprint().equals(row.sourceFingerprint())) {
            return new Difference(key, id, "SOURCE_CHANGED", "the source changed after migration (object is Modified)");
        }
        // Rows are written with their attribute document in canonical form, so hashing the stored text as it is gives the
        // stored hash unless the row was changed; only then (or for rows written before documents were stored canonically)
        // is the document parsed and hashed again, which tells a changed content from a merely reformatted one.
        String storedHash = row.attributes() == null ? null
                : DestinationTransformer.hashOfCanonical(row.destinationType(), row.name(), row.folder(), row.attributes());
        if (storedHash == null || !storedHash.equals(row.contentHash())) {
            storedHash = DestinationTransformer.hash(row.destinationType(), row.name(), row.folder(), Json.readMap(row.attributes()));
        }
        if (!storedHash.equals(row.contentHash())) {
            return new Difference(key, id, "CONTENT_DIFFERS", "the destination row was changed after migration (content hash no longer matches its content)");
        }
        TransformContext ctx = new TransformContext(hierarchyId, h == null ? null : h.sourceFamily,
                h == null || h.destinationSiteCode == null ? defaultDestinationSite : h.destinationSiteCode, lookups,
                target -> storedRefs.get(target) != null);
        try {
            DestinationTransformer.Destination expected = DestinationTransformer.transform(doc, options, ctx);
            if (!expected.contentHash().equals(storedHash)) {
                return new Difference(key, id, "CONTENT_DIFFERS", "the destination does not hold what the source gives after the documented transformations");
            }
        } catch (DestinationTransformer.Rejected r) {
            return new Difference(key, id, "NOT_MIGRATABLE", "the source would no longer migrate: " + r.getMessage());
        }
        return null;
    }
}
