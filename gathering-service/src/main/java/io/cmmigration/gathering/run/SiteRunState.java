package io.cmmigration.gathering.run;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cmmigration.common.outbox.Outbox;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.GatheringStatusEvent;
import io.cmmigration.events.GatheringStatusEvent.TypeCounts;
import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.gathering.hierarchy.SourceHierarchy;
import io.cmmigration.gathering.hierarchy.SourceSite;
import io.cmmigration.gathering.source.GatheringStatus;
import io.cmmigration.gathering.source.SiteDatabaseInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The transactions of a gathering run: every status change of a site is saved together with its
 * {@link GatheringStatusEvent} in the outbox, and the end of a successful run commits the run's object state in the same
 * transaction as status Ready.
 */
@ApplicationScoped
public class SiteRunState {

    @Inject
    Outbox outbox;

    @Inject
    ObjectStateStore store;

    /** What a run needs to know about its site, read when it starts. */
    public record RunStart(String runId, long siteId, String hierarchyId, String siteCode, String serverName, String family, String jdbcUrl,
            String dbUsername, String dbPasswordRef, boolean hasState, Map<String, TypeCounts> previousCounts) {
    }

    /** Marks the run started (phase 258) and schedules the next one; null when the site must not gather now. */
    @Transactional
    public RunStart start(long siteId) {
        SourceSite site = SourceSite.findById(siteId);
        if (site == null || !site.gatherable()) {
            return null;
        }
        SourceHierarchy h = SourceHierarchy.findById(site.hierarchyId);
        if (h == null || !SourceHierarchy.ACTIVE.equals(h.state)) {
            return null;
        }
        Instant now = Instant.now();
        site.runId = UUID.randomUUID().toString();
        site.statusCode = GatheringStatus.GATHERING_HIERARCHY;
        site.statusMessage = null;
        site.lastRunStartedAt = now;
        site.lastRunFinishedAt = null;
        site.nextRunAt = now.plus(Duration.ofMinutes(site.intervalMinutes));
        publishStatus(site, null);
        boolean hasState = site.lastSuccessAt != null;
        return new RunStart(site.runId, site.id, site.hierarchyId, site.siteCode, site.serverName, h.sourceFamily, site.jdbcUrl, site.dbUsername,
                site.dbPasswordRef, hasState, counts(site));
    }

    /** Next phase of a run still owned (same runId); false when the run was superseded or the site stopped. */
    @Transactional
    public boolean phase(long siteId, String runId, int statusCode) {
        SourceSite site = SourceSite.findById(siteId);
        if (site == null || site.stopped || !Objects.equals(site.runId, runId)) {
            return false;
        }
        site.statusCode = statusCode;
        publishStatus(site, null);
        return true;
    }

    @Transactional
    public boolean stillWanted(long siteId, String runId) {
        SourceSite site = SourceSite.findById(siteId);
        return site != null && !site.stopped && Objects.equals(site.runId, runId);
    }

    /** The sites v_Site lists become known sites of the hierarchy (child sites are discovered, spec §1.1). */
    @Transactional
    public void sitesDiscovered(long siteId, SiteDatabaseInfo info) {
        SourceSite gatheringSite = SourceSite.findById(siteId);
        boolean changed = false;
        for (SiteDatabaseInfo.SiteRow row : info.sites()) {
            SourceSite s = SourceSite.find(gatheringSite.hierarchyId, row.siteCode());
            if (s == null) {
                s = SiteDefaults.newSite(gatheringSite.hierarchyId, row, gatheringSite.intervalMinutes);
                s.persist();
                changed = true;
            } else if (!Objects.equals(s.serverName, row.serverName()) || !Objects.equals(s.siteVersion, row.version())
                    || !Objects.equals(s.parentSiteCode, row.parentSiteCode()) || !Objects.equals(s.siteType, row.type())) {
                s.serverName = row.serverName();
                s.siteVersion = row.version();
                s.parentSiteCode = row.parentSiteCode();
                s.siteType = row.type();
                changed = true;
            }
        }
        if (changed) {
            SourceHierarchy h = SourceHierarchy.findById(gatheringSite.hierarchyId);
            outbox.add(hierarchyEvent(h, HierarchyEvent.Action.SITES_DISCOVERED, gatheringSite.siteCode, "sites discovered in v_Site of "
                    + gatheringSite.siteCode));
        }
    }

    /**
     * All sends acknowledged: the run's objects become the site's state, status Ready. False if the run was superseded
     * (then nothing of it becomes state). A first gathering's rows, written straight into gathered_object by
     * {@code pending} (direct), are committed as the last step, after the status change and its outbox event are flushed:
     * should the commit of this transaction still fail after that, the state holds only acknowledged objects and the next
     * run (not Ready, so read as a first gathering without direct writes) publishes everything again.
     */
    @Transactional
    public boolean complete(long siteId, String runId, Map<String, TypeCounts> runCounts, ObjectStateStore.PendingWriter pending) {
        SourceSite site = SourceSite.findById(siteId);
        if (site == null || site.stopped || !Objects.equals(site.runId, runId)) {
            return false;
        }
        store.commitRun(runId, siteId);
        Instant now = Instant.now();
        site.statusCode = GatheringStatus.READY;
        site.statusMessage = null;
        site.lastRunFinishedAt = now;
        site.lastSuccessAt = now;
        site.typeCounts = Fingerprints.json(runCounts);
        publishStatus(site, null);
        if (pending != null && pending.direct()) {
            SourceSite.getEntityManager().flush();
            pending.commit();
        }
        return true;
    }

    /** The run failed: the previous state stays; status and message say why. */
    @Transactional
    public void fail(long siteId, String runId, int statusCode, String message) {
        SourceSite site = SourceSite.findById(siteId);
        if (site == null || site.stopped || !Objects.equals(site.runId, runId)) {
            return;
        }
        site.statusCode = statusCode;
        site.statusMessage = message;
        site.lastRunFinishedAt = Instant.now();
        publishStatus(site, message);
    }

    /** Publishes the site's current status through the outbox (caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishStatus(SourceSite site, String message) {
        outbox.add(new GatheringStatusEvent(MigrationEvent.newId(), GatheringStatusEvent.SCHEMA_VERSION, Instant.now(), site.hierarchyId,
                site.siteCode, site.runId, site.statusCode, GatheringStatus.name(site.statusCode), message != null ? message : site.statusMessage,
                site.lastRunStartedAt, site.lastRunFinishedAt, site.lastSuccessAt, site.nextRunAt, counts(site)));
    }

    public static Map<String, TypeCounts> counts(SourceSite site) {
        if (site.typeCounts == null || site.typeCounts.isBlank()) {
            return new TreeMap<>();
        }
        try {
            return EventCodec.mapper().readValue(site.typeCounts, new TypeReference<TreeMap<String, TypeCounts>>() {
            });
        } catch (Exception e) {
            return new TreeMap<>();
        }
    }

    public static HierarchyEvent hierarchyEvent(SourceHierarchy h, HierarchyEvent.Action action, String siteCode, String message) {
        List<HierarchyEvent.Site> sites = new ArrayList<>();
        for (SourceSite s : h.sites()) {
            sites.add(new HierarchyEvent.Site(s.siteCode, s.parentSiteCode, s.serverName, s.siteVersion, typeName(s.siteType), s.configured,
                    s.dpSharing, s.stopped));
        }
        return new HierarchyEvent(MigrationEvent.newId(), HierarchyEvent.SCHEMA_VERSION, Instant.now(), action, h.id, h.topSiteCode,
                h.topSiteServer, h.sourceVersion, h.destinationSiteCode, siteCode, sites, message);
    }

    public static String typeName(Integer type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case 1 -> "SECONDARY";
            case 2 -> "PRIMARY";
            case 4 -> "CENTRAL_ADMINISTRATION";
            default -> "TYPE_" + type;
        };
    }
}
