package io.cmmigration.dpshare.distributionpoint;

import io.cmmigration.common.inbox.Inbox;
import io.cmmigration.common.sql.TableStatistics;
import io.cmmigration.common.tx.Retry;
import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.DistributionPointEvent;
import io.cmmigration.events.EventCodec;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Source DPs as gathering reports them at every run. The latest event of a DP replaces its facts (an older event that
 * arrives late is ignored); the DP and, on a secondary site, its sibling DPs are then re-evaluated.
 */
@ApplicationScoped
public class DistributionPointEventsConsumer {

    static final String CONSUMER = "dp-share:distribution-points";

    @Inject
    Inbox inbox;

    /** hosted_package is joined per DP by every content evaluation: see {@link TableStatistics}. */
    @Inject
    TableStatistics statistics;

    @Inject
    DpEvaluator evaluator;

    @Incoming("distribution-points")
    @Blocking
    public void onDistributionPoint(String payload) {
        DistributionPointEvent event = EventCodec.decode(payload, DistributionPointEvent.class);
        Retry.inNewTransaction("distribution point event " + event.eventId(), () -> {
            if (inbox.firstDelivery(event.eventId(), CONSUMER)) {
                apply(event);
            }
        });
    }

    void apply(DistributionPointEvent e) {
        evaluator.lockHierarchyRow(e.hierarchyId());
        List<DistributionPoint> siteDps = evaluator.lockSite(e.hierarchyId(), e.siteCode());
        DistributionPoint dp = siteDps.stream().filter(d -> d.nalPath.equals(e.nalPath())).findFirst()
                .orElseGet(() -> DistributionPoint.find(e.hierarchyId(), e.nalPath()));
        if (dp == null) {
            if (e.change() == ChangeKind.REMOVED) {
                return; // never known, nothing to withdraw
            }
            dp = new DistributionPoint();
            dp.hierarchyId = e.hierarchyId();
            dp.nalPath = e.nalPath();
            dp.state = DpEvaluator.NOT_SHARED;
        } else {
            dp = evaluator.lock(dp.id);
            if (dp.sourceEventAt != null && e.occurredAt().isBefore(dp.sourceEventAt)) {
                return; // a late, older event: the facts we have are newer
            }
        }
        boolean wasSecondaryServerShare = dp.onSecondarySiteServer && "SERVER_SHARE".equalsIgnoreCase(Objects.toString(dp.dpType, ""));
        dp.siteCode = e.siteCode();
        dp.serverName = e.serverName();
        dp.sourceEventAt = e.occurredAt();
        dp.lastRunId = e.gatheringRunId();
        dp.updatedAt = Instant.now();
        if (e.change() == ChangeKind.REMOVED) {
            dp.removed = true;
        } else {
            dp.removed = false;
            dp.fqdn = e.fqdn();
            dp.dpType = e.dpType();
            dp.onSiteServer = e.onSiteServer();
            dp.onSecondarySiteServer = e.onSecondarySiteServer();
            dp.otherRoles = e.otherRoles() == null ? null : String.join(",", e.otherRoles());
            dp.pullDp = e.pullDp();
            dp.pxe = e.pxe();
            dp.protectedDp = e.protectedDp();
            dp.protectedBoundaries.clear();
            if (e.protectedBoundaries() != null) {
                dp.protectedBoundaries.addAll(e.protectedBoundaries());
            }
            dp.mbytesFree = e.mbytesFree();
            dp.operatingSystem = e.operatingSystem();
            dp.httpPort = e.httpPort();
            dp.httpsPort = e.httpsPort();
        }
        if (dp.id == null) {
            dp.persist();
        }
        if (e.change() != ChangeKind.REMOVED) {
            long replaced = HostedPackage.delete("dpId", dp.id);
            statistics.changed("hosted_package", replaced + (e.hostedPackages() == null ? 0 : e.hostedPackages().size()));
            if (e.hostedPackages() != null) {
                for (DistributionPointEvent.HostedPackage p : e.hostedPackages()) {
                    HostedPackage h = new HostedPackage();
                    h.dpId = dp.id;
                    h.hierarchyId = dp.hierarchyId;
                    h.packageId = p.packageId();
                    h.sourceVersion = p.sourceVersion();
                    h.sizeMBytes = p.sizeMBytes();
                    h.persist();
                }
            }
        }
        final DistributionPoint target = dp;
        boolean isSecondaryServerShare = dp.onSecondarySiteServer && "SERVER_SHARE".equalsIgnoreCase(Objects.toString(dp.dpType, ""));
        if (isSecondaryServerShare || wasSecondaryServerShare || dp.removed) {
            // A server share on a secondary site server decides the eligibility of every DP of that secondary (spec §4.4).
            for (DistributionPoint sibling : siteDps) {
                evaluator.evaluate(sibling.id.equals(target.id) ? target : sibling);
            }
            if (siteDps.stream().noneMatch(d -> d.id.equals(target.id))) {
                evaluator.evaluate(target);
            }
        } else {
            evaluator.evaluate(dp);
        }
        // Package events committed while this transaction ran are not visible to it; one more content pass settles that.
        target.contentDirty = true;
    }
}
