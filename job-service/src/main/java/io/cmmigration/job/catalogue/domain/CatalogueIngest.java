package io.cmmigration.job.catalogue.domain;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import io.cmmigration.job.support.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies source-object events to the catalogue. Idempotent without an inbox row per event (this stream is the
 * high-volume one): an event is applied only if it is newer than what the catalogue holds for that natural key and,
 * for discovered/changed objects, only if its fingerprint differs. Redelivery and replays of the compacted topic are
 * therefore no-ops. A migrated object whose fingerprint changes becomes Modified through the state rule.
 */
@ApplicationScoped
public class CatalogueIngest {

    @Inject
    CatalogueRepository repository;

    @Inject
    CatalogueStatusPublisher status;

    @Inject
    io.cmmigration.common.sql.TableStatistics statistics;

    /** Result of one batch, for logs and tests. */
    public record Result(int applied, int ignored) {
    }

    @Transactional
    public Result apply(List<SourceObject> events) {
        try (Connection c = repository.connection()) {
            Map<String, List<SourceObject>> byHierarchy = new LinkedHashMap<>();
            for (SourceObject e : events) {
                byHierarchy.computeIfAbsent(e.hierarchyId(), h -> new ArrayList<>()).add(e);
            }
            int applied = 0;
            int ignored = 0;
            for (Map.Entry<String, List<SourceObject>> h : byHierarchy.entrySet()) {
                Result r = applyHierarchy(c, h.getKey(), h.getValue());
                applied += r.applied();
                ignored += r.ignored();
                if (r.applied() > 0) {
                    status.changed(h.getKey());
                    statistics.changed(io.cmmigration.job.support.Tables.CATALOGUE, r.applied());
                    statistics.changed(io.cmmigration.job.support.Tables.REFERENCES, r.applied());
                }
            }
            return new Result(applied, ignored);
        } catch (SQLException e) {
            throw new IllegalStateException("catalogue update failed: " + e.getMessage(), e);
        }
    }

    private Result applyHierarchy(Connection c, String hierarchyId, List<SourceObject> events) throws SQLException {
        // Latest event per key wins inside the batch (per-key order holds within a partition; ties keep the later offset).
        Map<String, SourceObject> latest = new LinkedHashMap<>();
        for (SourceObject e : events) {
            SourceObject prev = latest.get(e.objectKey());
            if (prev == null || !e.occurredAt().isBefore(prev.occurredAt())) {
                latest.put(e.objectKey(), e);
            }
        }
        Map<String, CatalogueRepository.IngestState> known = repository.ingestState(c, hierarchyId, latest.keySet());
        List<SourceObject> inserts = new ArrayList<>();
        List<String> insertFp = new ArrayList<>();
        List<SourceObject> updates = new ArrayList<>();
        List<String> updateFp = new ArrayList<>();
        for (SourceObject e : latest.values()) {
            String fp = fingerprint(e);
            CatalogueRepository.IngestState k = known.get(e.objectKey());
            if (k == null) {
                inserts.add(e);
                insertFp.add(fp);
                continue;
            }
            if (!e.occurredAt().isAfter(k.eventTime())) {
                continue; // older than or the same as what we hold: a redelivery or a replay
            }
            if (e.change() == ChangeKind.REMOVED) {
                if (!k.removed()) {
                    updates.add(e);
                    updateFp.add(k.fingerprint());
                }
            } else if (k.removed() || !Objects.equals(fp, k.fingerprint())) {
                updates.add(e);
                updateFp.add(fp);
            }
        }
        if (!inserts.isEmpty()) {
            repository.insert(c, inserts, insertFp.toArray(String[]::new),
                    repository.excludedKeys(c, hierarchyId, inserts.stream().map(SourceObject::objectKey).toList()));
        }
        if (!updates.isEmpty()) {
            // In key order: the lock order of every catalogue writer (see CatalogueRepository.lockInKeyOrder).
            Integer[] order = new Integer[updates.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparing(i -> updates.get(i).objectKey()));
            List<SourceObject> sorted = new ArrayList<>(order.length);
            String[] sortedFp = new String[order.length];
            for (int i = 0; i < order.length; i++) {
                sorted.add(updates.get(order[i]));
                sortedFp[i] = updateFp.get(order[i]);
            }
            repository.update(c, sorted, sortedFp);
        }
        List<SourceObject> changed = new ArrayList<>(inserts);
        changed.addAll(updates);
        if (!changed.isEmpty()) {
            repository.replaceReferences(c, hierarchyId, changed, inserts.stream().map(SourceObject::objectKey).collect(java.util.stream.Collectors.toSet()));
            if (!updates.isEmpty()) {
                repository.recomputeState(c, hierarchyId, updates.stream().map(SourceObject::objectKey).toList());
            }
        }
        return new Result(changed.size(), events.size() - changed.size());
    }

    /** The gatherer's fingerprint, or (if it sent none) a hash of the content it sent. */
    static String fingerprint(SourceObject e) {
        if (e.fingerprint() != null && !e.fingerprint().isBlank()) {
            return e.fingerprint();
        }
        if (e.change() == ChangeKind.REMOVED) {
            return null;
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", e.name());
        content.put("sourceVersion", e.sourceVersion());
        // As computed from the decoded event before the documents stayed text: stored fingerprints keep their meaning.
        content.put("attributes", Json.readMap(e.attributesJson()));
        content.put("references", e.references());
        return Json.sha256(Json.canonical(content));
    }
}
