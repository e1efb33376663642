package io.cmmigration.dpshare.content;

import io.cmmigration.common.inbox.Inbox;
import io.cmmigration.dpshare.support.RetryingTransaction;
import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.SourceObjectEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Versions of package-like objects: the current source version (migration.source-objects) and the migrated version
 * (migration.job-status, COMPLETED objects). JobObjectStatusEvent carries no version, so the migrated version is the
 * source version current when the COMPLETED event arrives (a contract gap, see README). A change marks the DPs that host
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

    @Incoming("source-objects")
    @Blocking
    public void onSourceObject(String payload) {
        SourceObjectEvent e = EventCodec.decode(payload, SourceObjectEvent.class);
        if (!ContentAvailability.PACKAGE_TYPES.contains(e.objectType())) {
            return;
        }
        RetryingTransaction.run("source object " + e.key(), () -> applySource(e));
    }

    @Incoming("job-status")
    @Blocking
    public void onJobStatus(String payload) {
        MigrationEvent event = EventCodec.decode(payload);
        if (!(event instanceof JobObjectStatusEvent e) || e.status() != JobObjectStatusEvent.Status.COMPLETED
                || !ContentAvailability.PACKAGE_TYPES.contains(e.objectType())) {
            return;
        }
        RetryingTransaction.run("job object status " + e.eventId(), () -> {
            if (inbox.firstDelivery(e.eventId(), JOB_CONSUMER)) {
                applyMigrated(e);
            }
        });
    }

    void applySource(SourceObjectEvent e) {
        PackageVersion p = PackageVersion.find(e.hierarchyId(), e.sourceId());
        if (p == null) {
            p = new PackageVersion();
            p.hierarchyId = e.hierarchyId();
            p.packageId = e.sourceId();
        } else if (p.sourceSeenAt != null && e.occurredAt().isBefore(p.sourceSeenAt)) {
            return; // older than what we know
        }
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
        if (!Objects.equals(before, p.sourceVersion) || removedBefore != p.removedInSource) {
            markHostingDpsDirty(p.hierarchyId, p.packageId);
        }
    }

    void applyMigrated(JobObjectStatusEvent e) {
        PackageVersion p = null;
        if (e.hierarchyId() != null) {
            p = PackageVersion.find(e.hierarchyId(), e.sourceId());
        } else {
            List<PackageVersion> candidates = PackageVersion.list("packageId", e.sourceId());
            if (candidates.size() == 1) {
                p = candidates.get(0);
            } else {
                LOG.warnf("job %s completed package %s without a hierarchy id and %d candidates; ignored", e.jobId(), e.sourceId(), candidates.size());
                return;
            }
        }
        if (p == null) {
            p = new PackageVersion();
            p.hierarchyId = e.hierarchyId();
            p.packageId = e.sourceId();
            p.siteCode = e.siteCode();
            p.objectType = e.objectType();
            p.name = e.name();
        }
        p.migrated = true;
        p.migratedVersion = p.sourceVersion;
        p.migratedAt = e.occurredAt();
        p.migratedByJob = e.jobId();
        if (p.id == null) {
            p.persist();
        }
        markHostingDpsDirty(p.hierarchyId, p.packageId);
    }

    /**
     * Always writes the flag (even when already set): the row lock then orders this transaction with a refresher that
     * may be evaluating the DP right now, so the DP is evaluated again after this change is visible.
     */
    private void markHostingDpsDirty(String hierarchyId, String packageId) {
        em.createQuery("update DistributionPoint set contentDirty = true where id in"
                + " (select h.dpId from HostedPackage h where h.hierarchyId = :h and h.packageId = :p)")
                .setParameter("h", hierarchyId).setParameter("p", packageId).executeUpdate();
    }
}
