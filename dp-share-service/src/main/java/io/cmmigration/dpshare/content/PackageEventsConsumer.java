package io.cmmigration.dpshare.content;

import io.cmmigration.common.inbox.Inbox;
import io.cmmigration.common.messaging.DeadLetters;
import io.cmmigration.common.sql.InLists;
import io.cmmigration.common.sql.TableStatistics;
import io.cmmigration.common.tx.Retry;
import io.cmmigration.dpshare.distributionpoint.DistributionPoint;
import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.JobObjectStatusBatchEvent.JobObjectStatus;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Versions of package-like objects: the current source version (migration.source-objects) and the migrated version
 * (migration.job-status, COMPLETED objects): the version a JobObjectStatusBatchEvent entry reports; for a single
 * JobObjectStatusEvent, which carries no version, the source version current when it arrives. A change marks the DPs that host
 * the package for a content re-evaluation ({@link ContentRefresher}); the high-volume source stream is idempotent by
 * natural key and version, without inbox rows.
 */
@ApplicationScoped
public class PackageEventsConsumer {

    private static final Logger LOG = Logger.getLogger(PackageEventsConsumer.class);
    static final String JOB_CONSUMER = "dp-share:job-status";

    @Inject
    Inbox inbox;

    @Inject
    EntityManager em;

    /** package_version is read by "package id in (up to 1,000 ids)" per batch: see {@link TableStatistics}. */
    @Inject
    TableStatistics statistics;

    @Inject
    @Channel("dead-letter-out")
    MutinyEmitter<String> deadLetters;

    /**
     * Every gathered object passes here, in batches (a first gathering publishes hundreds of thousands); only
     * package-like ones matter. The record key names the object type ({@link SourceObjectEvent#objectTypeOfKey}), so the
     * others (three quarters of a gathering) are passed over without decoding their attribute documents. The package
     * events of a batch are applied in one transaction: one query per 1,000 packages, one marking of their DPs. One
     * transaction per event kept this consumer minutes behind a gathering and still busy during the next job (a
     * third of the service's CPU in the standard bench). A malformed record is dead-lettered on its own; if the batch
     * fails, its events are applied one by one so that only an event failing on its own is dead-lettered.
     */
    @Incoming("source-objects")
    @Blocking
    public void onSourceObjects(ConsumerRecords<String, String> records) {
        List<SourceObjectEvent> events = new ArrayList<>();
        List<ConsumerRecord<String, String>> decoded = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            ObjectType keyType = SourceObjectEvent.objectTypeOfKey(r.key());
            if (keyType != null && !ContentAvailability.PACKAGE_TYPES.contains(keyType)) {
                continue;
            }
            try {
                SourceObjectEvent e = EventCodec.decode(r.value(), SourceObjectEvent.class);
                if (ContentAvailability.PACKAGE_TYPES.contains(e.objectType())) {
                    events.add(e);
                    decoded.add(r);
                }
            } catch (RuntimeException malformed) {
                DeadLetters.send(deadLetters, r, malformed);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            Retry.inNewTransaction("source objects (" + events.size() + ")", () -> applySources(events));
        } catch (RuntimeException batchFailure) {
            LOG.warnf("batch of %d package events failed (%s); applying one by one", events.size(), batchFailure.toString());
            for (int i = 0; i < events.size(); i++) {
                SourceObjectEvent e = events.get(i);
                try {
                    Retry.inNewTransaction("source object " + e.key(), () -> applySources(List.of(e)));
                } catch (RuntimeException failure) {
                    DeadLetters.send(deadLetters, decoded.get(i), failure);
                }
            }
        }
    }

    /**
     * Both shapes of object status on migration.job-status go through one path: a single {@link JobObjectStatusEvent}
     * is a batch of one. One inbox row per event (the batch's event id), in the transaction that applies all its
     * entries.
     */
    @Incoming("job-status")
    @Blocking
    public void onJobStatus(String payload) {
        MigrationEvent event = EventCodec.decode(payload);
        JobObjectStatusBatchEvent batch;
        boolean versionsReported;
        if (event instanceof JobObjectStatusBatchEvent b) {
            batch = b;
            versionsReported = true;
        } else if (event instanceof JobObjectStatusEvent e) {
            batch = JobObjectStatusBatchEvent.of(e);
            versionsReported = false; // the single event has no version field: its null means "not reported"
        } else {
            return;
        }
        List<JobObjectStatus> completed = batch.objects().stream()
                .filter(o -> o.status() == JobObjectStatusEvent.Status.COMPLETED && ContentAvailability.PACKAGE_TYPES.contains(o.objectType()))
                .toList();
        if (completed.isEmpty()) {
            return;
        }
        Retry.inNewTransaction("job object status " + batch.eventId(), () -> {
            if (inbox.firstDelivery(batch.eventId(), JOB_CONSUMER)) {
                applyMigrated(batch, completed, versionsReported);
            }
        });
    }

    /** Applies package events in their order (a later event of the same package sees the earlier one's result). */
    void applySources(List<SourceObjectEvent> events) {
        Map<String, Map<String, PackageVersion>> known = new HashMap<>();
        Map<String, List<String>> idsByHierarchy = new LinkedHashMap<>();
        for (SourceObjectEvent e : events) {
            idsByHierarchy.computeIfAbsent(e.hierarchyId(), h -> new ArrayList<>()).add(e.sourceId());
        }
        idsByHierarchy.forEach((h, ids) -> {
            Map<String, PackageVersion> byId = new HashMap<>();
            for (List<String> chunk : InLists.chunks(new LinkedHashSet<>(ids))) {
                PackageVersion.<PackageVersion>list("hierarchyId = ?1 and packageId in ?2", h, chunk).forEach(p -> byId.put(p.packageId, p));
            }
            known.put(h, byId);
        });
        Map<String, Set<String>> dirty = new HashMap<>();
        for (SourceObjectEvent e : events) {
            Map<String, PackageVersion> byId = known.get(e.hierarchyId());
            PackageVersion p = byId.get(e.sourceId());
            if (p == null) {
                p = new PackageVersion();
                p.hierarchyId = e.hierarchyId();
                p.packageId = e.sourceId();
                byId.put(p.packageId, p);
            } else if (p.sourceSeenAt != null && e.occurredAt().isBefore(p.sourceSeenAt)) {
                continue; // older than what we know
            }
            if (applySource(p, e)) {
                dirty.computeIfAbsent(p.hierarchyId, h -> new HashSet<>()).add(p.packageId);
            }
        }
        statistics.changed("package_version", events.size());
        dirty.forEach(this::markHostingDpsDirty);
    }

    /** @return whether the DPs hosting the package must be re-evaluated (its source version or presence changed) */
    private boolean applySource(PackageVersion p, SourceObjectEvent e) {
        Long before = p.sourceVersion;
        boolean removedBefore = p.removedInSource;
        p.siteCode = e.siteCode();
        p.objectType = e.objectType();
        p.sourceSeenAt = e.occurredAt();
        if (e.change() == ChangeKind.REMOVED) {
            p.removedInSource = true;
        } else {
            p.removedInSource = false;
            if (e.name() != null) {
                p.name = e.name();
            }
            if (e.sourceVersion() != null) {
                p.sourceVersion = e.sourceVersion();
            }
        }
        // Migrated before its source version was known here (this consumer lagged): the version current at migration time.
        if (p.migrated && p.migratedVersion == null && p.migratedAt != null && !e.occurredAt().isAfter(p.migratedAt)) {
            p.migratedVersion = p.sourceVersion;
        }
        if (p.id == null) {
            p.persist();
        }
        return !Objects.equals(before, p.sourceVersion) || removedBefore != p.removedInSource;
    }

    /**
     * Records the packages of a job's batch as migrated. The migrated version is the one the job reports
     * ({@code sourceVersion} of a batch entry, null when the job had none); only for a single event, which cannot
     * report it, is it the source version current here. The packages are read in one query and the DPs hosting them
     * marked in one statement (a chunk of a job is up to 1,000 objects). A migration older than the one already
     * recorded (another job's event published late) does not replace it.
     */
    void applyMigrated(JobObjectStatusBatchEvent batch, List<JobObjectStatus> completed, boolean versionsReported) {
        Map<String, PackageVersion> known = new HashMap<>();
        if (batch.hierarchyId() != null) {
            for (List<String> ids : InLists.chunks(completed.stream().map(JobObjectStatus::sourceId).distinct().toList())) {
                PackageVersion.<PackageVersion>list("hierarchyId = ?1 and packageId in ?2", batch.hierarchyId(), ids)
                        .forEach(p -> known.put(p.packageId, p));
            }
        }
        Instant at = batch.occurredAt();
        Map<String, Set<String>> dirty = new HashMap<>();
        for (JobObjectStatus o : completed) {
            PackageVersion p;
            if (batch.hierarchyId() != null) {
                p = known.get(o.sourceId());
            } else {
                List<PackageVersion> candidates = PackageVersion.list("packageId", o.sourceId());
                if (candidates.size() != 1) {
                    LOG.warnf("job %s completed package %s without a hierarchy id and %d candidates; ignored", batch.jobId(), o.sourceId(),
                            candidates.size());
                    continue;
                }
                p = candidates.get(0);
            }
            if (p == null) {
                p = new PackageVersion();
                p.hierarchyId = batch.hierarchyId();
                p.packageId = o.sourceId();
                p.siteCode = o.siteCode();
                p.objectType = o.objectType();
                p.name = o.name();
                known.put(p.packageId, p);
            } else if (p.migratedAt != null && at.isBefore(p.migratedAt)) {
                continue; // a later migration of this package is already recorded
            }
            p.migrated = true;
            p.migratedVersion = versionsReported ? o.sourceVersion() : p.sourceVersion;
            p.migratedAt = at;
            p.migratedByJob = batch.jobId();
            if (p.id == null) {
                p.persist();
            }
            dirty.computeIfAbsent(p.hierarchyId, h -> new HashSet<>()).add(p.packageId);
        }
        statistics.changed("package_version", completed.size());
        dirty.forEach(this::markHostingDpsDirty);
    }

    /**
     * Always writes the flag (even when already set): the row lock then orders this transaction with a refresher that
     * may be evaluating the DP right now, so the DP is evaluated again after this change is visible.
     */
    /**
     * Marks the DPs hosting these packages for a content re-evaluation. Only DPs not already marked are touched, and
     * they are locked in id order before the update, the order {@link ContentRefresher} locks them in: a plain
     * {@code UPDATE ... WHERE id IN (subquery)} locked rows in whatever order the plan produced and deadlocked with the
     * refresher and with other consumer threads (the standard bench logged 55-196 deadlocks per run, each a rolled-back
     * and retried transaction), and rewrote rows that were dirty already.
     */
    private void markHostingDpsDirty(String hierarchyId, Collection<String> packageIds) {
        for (List<String> ids : InLists.chunks(packageIds)) {
            List<DistributionPoint> clean = em.createQuery("from DistributionPoint d where d.contentDirty = false and d.id in"
                    + " (select h.dpId from HostedPackage h where h.hierarchyId = :h and h.packageId in :p) order by d.id",
                    DistributionPoint.class).setParameter("h", hierarchyId).setParameter("p", ids)
                    .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).getResultList();
            clean.forEach(dp -> dp.contentDirty = true);
        }
    }
}
