package io.cmmigration.dpshare.reassignment;

import io.cmmigration.common.lease.LeaseService;
import io.cmmigration.dpshare.content.ContentStatus;
import io.cmmigration.dpshare.distributionpoint.DistributionPoint;
import io.cmmigration.dpshare.distributionpoint.DpEvaluator;
import io.cmmigration.dpshare.distributionpoint.HostedPackage;
import io.cmmigration.dpshare.eligibility.EligibilityKind;
import io.cmmigration.dpshare.hierarchy.SourceHierarchy;
import io.cmmigration.dpshare.hierarchy.SourceSite;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Drives one claimed reassignment through its states. Each state names the next site-server operation; the operation
 * is performed (idempotently), then the state advances in a transaction that checks this worker still owns the lease
 * and the state is the one it started from — so a resumed worker and a presumed-dead one can never both advance it, and
 * a crash between an operation and its state change only repeats the (idempotent) operation.
 */
@ApplicationScoped
public class ReassignmentWorker {

    private static final Logger LOG = Logger.getLogger(ReassignmentWorker.class);

    @ConfigProperty(name = "cmm.dp.reassignment.lease-duration", defaultValue = "30s")
    Duration leaseDuration;

    @Inject
    EntityManager em;

    @Inject
    LeaseService leases;

    @Inject
    SiteServerOperations operations;

    @Inject
    DpEvaluator evaluator;

    public void run(long id) {
        ReassignmentState current = null;
        try {
            while (true) {
                Reassignment r = QuarkusTransaction.requiringNew().call(() -> em.find(Reassignment.class, id));
                if (r == null || !leases.instanceId().equals(r.leaseOwner) || r.state.terminal()) {
                    return; // done, or the lease went to another worker (this one is presumed dead)
                }
                current = r.state;
                SiteServerOperations.Move move = move(r);
                boolean advanced = switch (r.state) {
                    case QUEUED -> start(r);
                    case UNINSTALLING_FROM_SOURCE -> {
                        operations.uninstallFromSource(move);
                        yield advance(id, r.state, ReassignmentState.INSTALLING_IN_DESTINATION, x -> {
                            if (move.onSecondarySiteServer()) {
                                secondaryUninstalled(x);
                            }
                        });
                    }
                    case INSTALLING_IN_DESTINATION -> {
                        operations.installInDestination(move);
                        yield advance(id, r.state, r.kind == EligibilityKind.UPGRADE ? ReassignmentState.CONVERTING_CONTENT
                                : ReassignmentState.COMPLETED, x -> {
                        });
                    }
                    case CONVERTING_CONTENT -> {
                        operations.convertContent(move);
                        yield advance(id, r.state, ReassignmentState.COMPLETED, x -> {
                        });
                    }
                    default -> false;
                };
                if (!advanced) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                // Shutting down: leave the recorded state; the lease expires and a worker resumes from it.
                LOG.infof("reassignment %d interrupted in %s; it resumes from there after the lease expires", id, current);
                return;
            }
            LOG.warnf("reassignment %d failed in %s: %s", id, current, e.toString());
            ReassignmentState from = current;
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            try {
                advance(id, from, ReassignmentState.FAILED, x -> x.failureReason = "Step failed: " + reason);
            } catch (RuntimeException again) {
                LOG.errorf("cannot record the failure of reassignment %d: %s", id, again.toString());
            }
        }
    }

    /** Pre-flight of a queued move: still shared and eligible, enough disk for the 2007 conversion; notes the content lost. */
    private boolean start(Reassignment r) {
        DistributionPoint dp = QuarkusTransaction.requiringNew().call(() -> em.find(DistributionPoint.class, r.dpId));
        String failure = null;
        if (dp == null || dp.removed) {
            failure = "The DP is no longer reported by the source hierarchy";
        } else if (!dp.shared) {
            failure = "The DP is no longer shared: " + String.join("; ", DistributionPoint.lines(dp.sharingReasons));
        }
        if (failure == null && r.kind == EligibilityKind.UPGRADE) {
            failure = freeDiskProblem(dp);
        }
        if (failure != null) {
            String reason = failure;
            return advance(r.id, ReassignmentState.QUEUED, ReassignmentState.FAILED, x -> x.failureReason = reason);
        }
        return advance(r.id, ReassignmentState.QUEUED, ReassignmentState.UNINSTALLING_FROM_SOURCE, x -> {
            x.startedAt = Instant.now();
            DistributionPoint d = em.find(DistributionPoint.class, x.dpId);
            SourceHierarchy h = SourceHierarchy.findById(d.hierarchyId);
            List<String> lost = evaluator.content(d, h == null ? null : h.family()).stream()
                    .filter(c -> c.verdict().status() != ContentStatus.AVAILABLE).map(c -> c.hosted().packageId).toList();
            x.lostPackageCount = lost.size();
            String joined = String.join(",", lost);
            x.lostPackages = joined.length() > 4000 ? joined.substring(0, 3996) + ",..." : joined;
        });
    }

    /** Spec §4.3: the conversion needs free space at least the size of the largest package on the DP. */
    private String freeDiskProblem(DistributionPoint dp) {
        HostedPackage largest = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "from HostedPackage where dpId = :dp and sizeMBytes is not null order by sizeMBytes desc, packageId", HostedPackage.class)
                .setParameter("dp", dp.id).setMaxResults(1).getResultStream().findFirst().orElse(null));
        if (largest == null) {
            return null; // nothing to convert
        }
        if (dp.mbytesFree == null) {
            return "The free disk space of the DP is not known, so the content conversion cannot be checked (largest package "
                    + largest.packageId + " needs " + largest.sizeMBytes + " MB)";
        }
        if (dp.mbytesFree < largest.sizeMBytes) {
            return "Not enough free disk space for the content conversion: " + dp.mbytesFree + " MB free, the largest package ("
                    + largest.packageId + ") needs " + largest.sizeMBytes + " MB";
        }
        return null;
    }

    /** The DP on a secondary site server was upgraded: the secondary site is gone and its other DPs are orphaned (spec §4.4). */
    private void secondaryUninstalled(Reassignment r) {
        SourceSite site = SourceSite.find(r.hierarchyId, r.siteCode);
        if (site == null) {
            site = new SourceSite();
            site.hierarchyId = r.hierarchyId;
            site.siteCode = r.siteCode;
            site.siteType = "SECONDARY";
            site.persist();
        }
        site.secondaryUninstalledBy = r.nalPath;
        evaluator.lockSite(r.hierarchyId, r.siteCode).stream().filter(d -> !d.id.equals(r.dpId)).forEach(evaluator::evaluate);
    }

    /**
     * Moves the reassignment from {@code from} to {@code to} if this worker still owns it and it is still in
     * {@code from}; renews the lease; re-evaluates and announces the DP. Returns false when the move did not happen.
     */
    boolean advance(long id, ReassignmentState from, ReassignmentState to, Consumer<Reassignment> change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Reassignment r = em.find(Reassignment.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (r == null || r.state != from || !leases.instanceId().equals(r.leaseOwner)) {
                return false;
            }
            DistributionPoint dp = evaluator.lock(r.dpId);
            r.state = to;
            Instant now = Instant.now();
            r.updatedAt = now;
            r.leaseExpiresAt = now.plus(leaseDuration);
            if (to == ReassignmentState.FAILED) {
                r.failedInState = from.name();
            }
            change.accept(r);
            if (to.terminal()) {
                r.finishedAt = now;
                r.leaseOwner = null;
                r.leaseExpiresAt = null;
            }
            em.flush();
            if (dp != null) {
                evaluator.evaluate(dp);
            }
            return !to.terminal();
        });
    }

    private static SiteServerOperations.Move move(Reassignment r) {
        return new SiteServerOperations.Move(r.id, r.hierarchyId, r.siteCode, r.nalPath, r.serverName, r.kind.name(),
                r.destinationSiteCode, r.drive, r.onSecondarySiteServer, r.packageCount);
    }
}
