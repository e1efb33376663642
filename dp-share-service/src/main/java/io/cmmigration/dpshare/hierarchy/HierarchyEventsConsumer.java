package io.cmmigration.dpshare.hierarchy;

import io.cmmigration.common.inbox.Inbox;
import io.cmmigration.dpshare.distributionpoint.DistributionPoint;
import io.cmmigration.dpshare.distributionpoint.DpEvaluator;
import io.cmmigration.dpshare.distributionpoint.HostedPackage;
import io.cmmigration.common.tx.Retry;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.GatheringStatusEvent;
import io.cmmigration.events.HierarchyEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Hierarchy lifecycle and gathering runs: the per-site DP-sharing switch, stop gathering, inactivation and clean-up all
 * change which DPs are shared, so every such event re-evaluates the DPs concerned (spec §4.1, §1.8).
 */
@ApplicationScoped
public class HierarchyEventsConsumer {

    static final String CONSUMER = "dp-share:hierarchy";
    static final String GATHERING_CONSUMER = "dp-share:gathering-status";
    /** SMS_MigrationSiteMapping.Status (spec §6.3). */
    static final int READY = 1;
    static final int STOPPED = 4;

    @Inject
    Inbox inbox;

    @Inject
    DpEvaluator evaluator;

    @Incoming("hierarchy")
    @Blocking
    public void onHierarchy(String payload) {
        HierarchyEvent event = EventCodec.decode(payload, HierarchyEvent.class);
        Retry.inNewTransaction("hierarchy event " + event.eventId(), () -> {
            if (inbox.firstDelivery(event.eventId(), CONSUMER)) {
                apply(event);
            }
        });
    }

    @Incoming("gathering-status")
    @Blocking
    public void onGatheringStatus(String payload) {
        GatheringStatusEvent event = EventCodec.decode(payload, GatheringStatusEvent.class);
        if (event.statusCode() != READY && event.statusCode() != STOPPED) {
            return; // phases and failures do not change what is shared
        }
        Retry.inNewTransaction("gathering status " + event.eventId(), () -> {
            if (!inbox.firstDelivery(event.eventId(), GATHERING_CONSUMER)) {
                return;
            }
            evaluator.lockHierarchyRow(event.hierarchyId());
            SourceSite site = site(event.hierarchyId(), event.siteCode());
            if (event.statusCode() == READY) {
                site.lastRunId = event.runId();
                site.lastGatheredAt = event.finishedAt() != null ? event.finishedAt() : event.occurredAt();
            } else {
                site.gatheringStopped = true;
            }
            evaluator.evaluateSiteAndSecondaries(event.hierarchyId(), event.siteCode());
        });
    }

    void apply(HierarchyEvent e) {
        SourceHierarchy h = evaluator.lockHierarchyRow(e.hierarchyId());
        if (SourceHierarchy.UNKNOWN.equals(h.state)) {
            h.state = SourceHierarchy.ACTIVE; // announced now
        }
        if (e.sourceVersion() != null) {
            h.sourceVersion = e.sourceVersion();
        }
        if (e.destinationSiteCode() != null) {
            h.destinationSiteCode = e.destinationSiteCode();
        }
        h.updatedAt = Instant.now();
        if (e.sites() != null) {
            for (HierarchyEvent.Site s : e.sites()) {
                SourceSite site = site(e.hierarchyId(), s.siteCode());
                site.parentSiteCode = s.parentSiteCode();
                site.siteType = s.siteType();
                site.version = s.version();
                site.serverName = s.serverName();
                site.dpSharingEnabled = s.dpSharingEnabled();
                site.gatheringStopped = s.gatheringStopped();
                if (h.sourceVersion == null && s.parentSiteCode() == null && s.version() != null) {
                    h.sourceVersion = s.version(); // the top site's version stands for the hierarchy's
                }
            }
        }
        switch (e.action()) {
            case SPECIFIED, ACTIVATED -> h.state = SourceHierarchy.ACTIVE;
            case INACTIVATED -> h.state = SourceHierarchy.INACTIVE;
            case CLEANED_UP -> h.state = SourceHierarchy.CLEANED_UP;
            case GATHERING_STOPPED -> {
                if (e.siteCode() != null) {
                    site(e.hierarchyId(), e.siteCode()).gatheringStopped = true;
                } else if (e.sites() == null) {
                    SourceSite.<SourceSite>list("hierarchyId", e.hierarchyId()).forEach(s -> s.gatheringStopped = true);
                }
            }
            default -> {
                // SITE_CONFIGURED, SITES_DISCOVERED, DP_SHARING_CHANGED: the sites above carry the new switches
            }
        }
        if (e.action() == HierarchyEvent.Action.ACTIVATED || e.action() == HierarchyEvent.Action.SPECIFIED) {
            // Re-specifying a hierarchy after a stop means gathering again (spec §1.8): the switches come with the sites.
            if (e.sites() == null && e.action() == HierarchyEvent.Action.ACTIVATED) {
                SourceSite.<SourceSite>list("hierarchyId", e.hierarchyId()).forEach(s -> s.gatheringStopped = false);
            }
        }
        evaluator.evaluateHierarchy(e.hierarchyId());
        if (e.action() == HierarchyEvent.Action.CLEANED_UP) {
            purge(e.hierarchyId());
        }
    }

    /**
     * Clean-up removes the migration data about the hierarchy (its DPs, after their withdrawal was announced) but keeps
     * the records of what was migrated: package versions and DPs that were moved to the destination.
     */
    private void purge(String hierarchyId) {
        List<DistributionPoint> dps = DistributionPoint.list("hierarchyId = ?1 and id not in (select r.dpId from Reassignment r)", hierarchyId);
        for (DistributionPoint dp : dps) {
            HostedPackage.delete("dpId", dp.id);
            dp.delete();
        }
    }

    static SourceSite site(String hierarchyId, String siteCode) {
        SourceSite site = SourceSite.find(hierarchyId, siteCode);
        if (site == null) {
            site = new SourceSite();
            site.hierarchyId = hierarchyId;
            site.siteCode = siteCode;
            site.persist();
        }
        return site;
    }
}
