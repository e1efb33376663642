package io.cmmigration.gathering.hierarchy;

import io.cmmigration.common.outbox.Outbox;
import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.events.GatheringStatusEvent.TypeCounts;
import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.gathering.hierarchy.HierarchyApi.Account;
import io.cmmigration.gathering.run.GatheringRunner;
import io.cmmigration.gathering.run.GatheringScheduler;
import io.cmmigration.gathering.run.ObjectStateStore;
import io.cmmigration.gathering.run.SiteDefaults;
import io.cmmigration.gathering.run.SiteRunState;
import io.cmmigration.gathering.secrets.SecretStore;
import io.cmmigration.gathering.source.GatheringStatus;
import io.cmmigration.gathering.source.SiteDatabaseInfo;
import io.cmmigration.gathering.source.SourceConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Source hierarchies and their sites: specify (with preflight), configure 2007 primaries top-down, DP sharing,
 * credentials, schedule, gather now, stop (bottom-up) and clean up (only after every site stopped).
 */
@ApplicationScoped
public class HierarchyService {

    private static final Pattern SITE_CODE = Pattern.compile("[A-Za-z0-9]{3}");

    @Inject
    Preflight preflight;

    @Inject
    SecretStore secrets;

    @Inject
    Outbox outbox;

    @Inject
    SiteRunState runState;

    @Inject
    ObjectStateStore store;

    @Inject
    GatheringScheduler scheduler;

    @Inject
    GatheringRunner runner;

    @ConfigProperty(name = "cmm.gathering.default-interval-minutes", defaultValue = "240")
    int defaultInterval;

    @ConfigProperty(name = "cmm.gathering.single-active-hierarchy", defaultValue = "false")
    boolean singleActiveHierarchy;

    @ConfigProperty(name = "cmm.gathering.destination-site-codes")
    Optional<List<String>> destinationSiteCodes;

    // ---------------------------------------------------------------- specify

    public HierarchyApi.HierarchyView specify(HierarchyApi.SpecifyHierarchy req) {
        if (req == null || req.topSite() == null) {
            throw ProblemException.badRequest("topSite is required");
        }
        HierarchyApi.TopSite top = req.topSite();
        require(top.server(), "topSite.server");
        require(top.jdbcUrl(), "topSite.jdbcUrl");
        validateAccount(top.databaseAccount(), "topSite.databaseAccount");
        validateAccount(top.providerAccount(), "topSite.providerAccount");
        String destination = req.destinationSiteCode();
        if (destination == null || !SITE_CODE.matcher(destination).matches()) {
            throw ProblemException.badRequest("destinationSiteCode must be a three-character site code");
        }
        int interval = interval(req.gatheringIntervalMinutes());
        Preflight.Result found = preflight.check(top.jdbcUrl(), top.databaseAccount(), top.server());
        if (!found.site().isTop()) {
            throw Preflight.reject(GatheringStatus.FAILED_CHILD_PRIMARY, "site " + found.site().siteCode() + " at " + top.server()
                    + " is a child site of " + found.site().parentSiteCode() + ": specify the top-level site of the source hierarchy");
        }
        HierarchyApi.HierarchyView view = saveSpecified(req, found, interval, destination.toUpperCase(Locale.ROOT));
        scheduler.kick();
        return view;
    }

    @Transactional
    HierarchyApi.HierarchyView saveSpecified(HierarchyApi.SpecifyHierarchy req, Preflight.Result found, int interval, String destination) {
        String id = found.site().siteCode().toUpperCase(Locale.ROOT);
        SourceHierarchy existing = SourceHierarchy.findById(id);
        if (existing != null && SourceHierarchy.ACTIVE.equals(existing.state)) {
            throw Preflight.reject(GatheringStatus.FAILED_SAME_HIERARCHY, "the source hierarchy of top-level site " + id
                    + " is already specified; change its credentials instead");
        }
        checkSiteCodes(id, found.info(), destination);
        Instant now = Instant.now();
        boolean reactivated = existing != null && SourceHierarchy.INACTIVE.equals(existing.state);
        if (existing != null && SourceHierarchy.CLEANED_UP.equals(existing.state)) {
            SourceSite.delete("hierarchyId", id);
            existing.delete();
            existing = null;
        }
        if (singleActiveHierarchy) {
            for (SourceHierarchy other : SourceHierarchy.<SourceHierarchy>list("state = ?1 and id <> ?2", SourceHierarchy.ACTIVE, id)) {
                other.state = SourceHierarchy.INACTIVE;
                other.updatedAt = now;
                outbox.add(SiteRunState.hierarchyEvent(other, HierarchyEvent.Action.INACTIVATED, null,
                        "source hierarchy " + id + " became the current one"));
            }
        }
        SourceHierarchy h = existing != null ? existing : new SourceHierarchy();
        h.id = id;
        h.topSiteCode = id;
        h.topSiteServer = req.topSite().server();
        h.sourceVersion = found.version().name();
        h.sourceFamily = found.version().family().name();
        h.destinationSiteCode = destination;
        h.state = SourceHierarchy.ACTIVE;
        if (h.createdAt == null) {
            h.createdAt = now;
        }
        h.updatedAt = now;
        h.persist();
        for (SiteDatabaseInfo.SiteRow row : found.info().sites()) {
            if (SourceSite.find(id, row.siteCode()) == null) {
                SiteDefaults.newSite(id, row, interval).persist();
            }
        }
        SourceSite topSite = SourceSite.find(id, found.site().siteCode());
        configure(topSite, req.topSite().jdbcUrl(), req.topSite().databaseAccount(), req.topSite().providerAccount(), interval,
                Boolean.TRUE.equals(req.dpSharing()));
        SourceSite.getEntityManager().flush();
        outbox.add(SiteRunState.hierarchyEvent(h, reactivated ? HierarchyEvent.Action.ACTIVATED : HierarchyEvent.Action.SPECIFIED, id,
                reactivated ? "source hierarchy re-selected" : "source hierarchy specified"));
        runState.publishStatus(topSite, null);
        return view(h);
    }

    /** Site codes must be unique across the destination and every other source hierarchy (2307, 4099). */
    private void checkSiteCodes(String hierarchyId, SiteDatabaseInfo info, String destination) {
        Set<String> destinationCodes = new HashSet<>();
        destinationCodes.add(destination);
        destinationSiteCodes.orElse(List.of()).forEach(c -> destinationCodes.add(c.trim().toUpperCase(Locale.ROOT)));
        for (SiteDatabaseInfo.SiteRow row : info.sites()) {
            String code = row.siteCode().toUpperCase(Locale.ROOT);
            if (destinationCodes.contains(code)) {
                throw Preflight.reject(GatheringStatus.FAILED_DUPLICATE_DESTINATION_SITE_CODE, "source site code " + code
                        + " is also a site code of the destination hierarchy; source and destination must use different site codes");
            }
            List<SourceSite> clashes = SourceSite.list("upper(siteCode) = ?1 and hierarchyId <> ?2", code, hierarchyId);
            for (SourceSite clash : clashes) {
                SourceHierarchy other = SourceHierarchy.findById(clash.hierarchyId);
                if (other != null && !SourceHierarchy.CLEANED_UP.equals(other.state)) {
                    if (row.isTop() || code.equalsIgnoreCase(hierarchyId)) {
                        throw Preflight.reject(GatheringStatus.FAILED_SAME_HIERARCHY, "site " + code + " already belongs to source hierarchy "
                                + other.id + ": it is the same hierarchy");
                    }
                    throw Preflight.reject(GatheringStatus.FAILED_DUPLICATE_SOURCE_SITE_CODE, "site code " + code
                            + " is already used by source hierarchy " + other.id + "; every source hierarchy needs a unique set of site codes");
                }
            }
        }
    }

    // ---------------------------------------------------------------- 2007 additional primaries

    public HierarchyApi.HierarchyView configureSite(String hierarchyId, HierarchyApi.ConfigureSite req) {
        SourceHierarchy h = activeHierarchy(hierarchyId);
        if (req == null || req.siteCode() == null) {
            throw ProblemException.badRequest("siteCode is required");
        }
        require(req.jdbcUrl(), "jdbcUrl");
        validateAccount(req.databaseAccount(), "databaseAccount");
        validateAccount(req.providerAccount(), "providerAccount");
        if (!SourceFamily.CM2007.name().equals(h.sourceFamily)) {
            throw new ProblemException(422, "Not a 2007 hierarchy", "2012 and current branch hierarchies are gathered from the top-level site only;"
                    + " additional source sites exist only for Configuration Manager 2007");
        }
        String code = req.siteCode().toUpperCase(Locale.ROOT);
        checkConfigurable(hierarchyId, code);
        Preflight.Result found = preflight.check(req.jdbcUrl(), req.databaseAccount(), req.server());
        if (!found.site().siteCode().equalsIgnoreCase(code)) {
            throw new ProblemException(422, "Wrong site database", "the database at " + SourceConnector.redact(req.jdbcUrl()) + " belongs to site "
                    + found.site().siteCode() + ", not " + code);
        }
        if (!found.version().family().name().equals(h.sourceFamily)) {
            throw Preflight.reject(GatheringStatus.FAILED_UNSUPPORTED_VERSION, "site " + code + " runs " + found.version()
                    + " but the hierarchy is " + h.sourceVersion);
        }
        HierarchyApi.HierarchyView view = saveConfiguredSite(hierarchyId, code, req, found);
        scheduler.kick();
        return view;
    }

    @Transactional
    void checkConfigurable(String hierarchyId, String code) {
        SourceSite site = SourceSite.find(hierarchyId, code);
        if (site == null) {
            throw new ProblemException(404, "Unknown site", "site " + code + " is not a site of source hierarchy " + hierarchyId
                    + " (sites are discovered by gathering their parent)");
        }
        if (site.configured && !site.stopped) {
            throw ProblemException.conflict("site " + code + " is already configured; change its credentials instead");
        }
        if (site.siteType != null && site.siteType != 2) {
            throw new ProblemException(422, "Not a primary site", "only primary sites can be source sites (site " + code + " is "
                    + SiteRunState.typeName(site.siteType) + ")");
        }
        SourceSite parent = site.parentSiteCode == null ? null : SourceSite.find(hierarchyId, site.parentSiteCode);
        if (parent != null && !parent.configured) {
            throw ProblemException.conflict("configure source sites top-down: parent site " + parent.siteCode + " is not configured yet");
        }
    }

    @Transactional
    HierarchyApi.HierarchyView saveConfiguredSite(String hierarchyId, String code, HierarchyApi.ConfigureSite req, Preflight.Result found) {
        checkConfigurable(hierarchyId, code);
        SourceSite site = SourceSite.find(hierarchyId, code);
        for (SiteDatabaseInfo.SiteRow row : found.info().sites()) {
            if (SourceSite.find(hierarchyId, row.siteCode()) == null) {
                SiteDefaults.newSite(hierarchyId, row, site.intervalMinutes).persist();
            }
        }
        configure(site, req.jdbcUrl(), req.databaseAccount(), req.providerAccount(), interval(req.gatheringIntervalMinutes()),
                Boolean.TRUE.equals(req.dpSharing()));
        if (req.server() != null) {
            site.serverName = req.server();
        }
        SourceHierarchy h = SourceHierarchy.findById(hierarchyId);
        SourceSite.getEntityManager().flush();
        outbox.add(SiteRunState.hierarchyEvent(h, HierarchyEvent.Action.SITE_CONFIGURED, code, "source site " + code + " configured"));
        runState.publishStatus(site, null);
        return view(h);
    }

    private void configure(SourceSite site, String jdbcUrl, Account db, Account provider, int interval, boolean dpSharing) {
        site.configured = true;
        site.jdbcUrl = jdbcUrl;
        site.dbUsername = db.username();
        site.dbPasswordRef = db.passwordRef();
        site.providerUsername = provider.username();
        site.providerPasswordRef = provider.passwordRef();
        site.intervalMinutes = interval;
        site.dpSharing = dpSharing;
        site.stopped = false;
        site.statusCode = GatheringStatus.NOT_GATHERED;
        site.statusMessage = null;
        site.runId = null;
        site.nextRunAt = Instant.now();
    }

    // ---------------------------------------------------------------- site changes

    public HierarchyApi.HierarchyView setCredentials(String hierarchyId, String siteCode, HierarchyApi.Credentials req) {
        if (req == null) {
            throw ProblemException.badRequest("databaseAccount and providerAccount are required");
        }
        validateAccount(req.databaseAccount(), "databaseAccount");
        validateAccount(req.providerAccount(), "providerAccount");
        SourceSite site = configuredSite(hierarchyId, siteCode);
        String url = req.jdbcUrl() != null ? req.jdbcUrl() : site.jdbcUrl;
        Preflight.Result found = preflight.check(url, req.databaseAccount(), site.serverName);
        if (!found.site().siteCode().equalsIgnoreCase(site.siteCode)) {
            throw new ProblemException(422, "Wrong site database", "the database belongs to site " + found.site().siteCode() + ", not " + site.siteCode);
        }
        HierarchyApi.HierarchyView view = saveCredentials(hierarchyId, site.siteCode, url, req);
        scheduler.kick();
        return view;
    }

    @Transactional
    HierarchyApi.HierarchyView saveCredentials(String hierarchyId, String siteCode, String url, HierarchyApi.Credentials req) {
        SourceSite site = SourceSite.find(hierarchyId, siteCode);
        boolean wasStopped = site.stopped;
        configure(site, url, req.databaseAccount(), req.providerAccount(), site.intervalMinutes, site.dpSharing);
        SourceHierarchy h = SourceHierarchy.findById(hierarchyId);
        SourceSite.getEntityManager().flush();
        outbox.add(SiteRunState.hierarchyEvent(h, HierarchyEvent.Action.SITE_CONFIGURED, siteCode,
                wasStopped ? "credentials re-entered: gathering restarts" : "credentials changed"));
        runState.publishStatus(site, null);
        return view(h);
    }

    @Transactional
    public HierarchyApi.HierarchyView setDpSharing(String hierarchyId, String siteCode, HierarchyApi.DpSharing req) {
        if (req == null || req.enabled() == null) {
            throw ProblemException.badRequest("enabled is required");
        }
        SourceSite site = configuredSite(hierarchyId, siteCode);
        if (site.stopped) {
            throw ProblemException.conflict("gathering is stopped for site " + site.siteCode + "; re-enter its credentials first");
        }
        boolean changed = site.dpSharing != req.enabled();
        site.dpSharing = req.enabled();
        if (req.enabled()) {
            site.nextRunAt = Instant.now(); // enabling DP sharing starts a gathering (spec §1.7)
        }
        SourceHierarchy h = SourceHierarchy.findById(hierarchyId);
        SourceSite.getEntityManager().flush();
        if (changed) {
            outbox.add(SiteRunState.hierarchyEvent(h, HierarchyEvent.Action.DP_SHARING_CHANGED, site.siteCode,
                    "distribution point sharing " + (req.enabled() ? "enabled" : "disabled") + " for " + site.siteCode));
        }
        if (req.enabled()) {
            scheduler.kick();
        }
        return view(h);
    }

    @Transactional
    public HierarchyApi.HierarchyView setSchedule(String hierarchyId, String siteCode, HierarchyApi.Schedule req) {
        if (req == null || req.gatheringIntervalMinutes() == null) {
            throw ProblemException.badRequest("gatheringIntervalMinutes is required");
        }
        SourceSite site = configuredSite(hierarchyId, siteCode);
        site.intervalMinutes = interval(req.gatheringIntervalMinutes());
        Instant base = site.lastRunStartedAt != null ? site.lastRunStartedAt : Instant.now();
        site.nextRunAt = base.plus(Duration.ofMinutes(site.intervalMinutes));
        return view(SourceHierarchy.findById(hierarchyId));
    }

    /** Gather Data Now: runs at once; the next scheduled run is one interval after this one (spec §1.7). */
    public HierarchyApi.GatherNowView gatherNow(String hierarchyId, String siteCode) {
        HierarchyApi.GatherNowView view = requestGatherNow(hierarchyId, siteCode);
        scheduler.kick();
        return view;
    }

    @Transactional
    HierarchyApi.GatherNowView requestGatherNow(String hierarchyId, String siteCode) {
        SourceSite site = configuredSite(hierarchyId, siteCode);
        if (site.stopped) {
            throw ProblemException.conflict("gathering is stopped for site " + site.siteCode + "; re-enter its credentials to gather again");
        }
        Instant now = Instant.now();
        site.nextRunAt = now;
        return new HierarchyApi.GatherNowView(hierarchyId, site.siteCode, now.plus(Duration.ofMinutes(site.intervalMinutes)),
                "gathering starts now; the next scheduled run is one interval after it starts");
    }

    /** Stop gathering, bottom-up: a parent cannot stop while a child source site still gathers (spec §1.8). */
    @Transactional
    public HierarchyApi.HierarchyView stop(String hierarchyId, String siteCode) {
        SourceSite site = configuredSite(hierarchyId, siteCode);
        if (site.stopped) {
            throw ProblemException.conflict("gathering is already stopped for site " + site.siteCode);
        }
        List<String> gatheringChildren = new ArrayList<>();
        collectGatheringDescendants(hierarchyId, site.siteCode, gatheringChildren);
        if (!gatheringChildren.isEmpty()) {
            throw ProblemException.conflict("stop gathering bottom-up: child source site(s) " + String.join(", ", gatheringChildren)
                    + " of " + site.siteCode + " still gather data");
        }
        site.stopped = true;
        site.statusCode = GatheringStatus.STOPPED;
        site.statusMessage = "gathering stopped; re-enter credentials to gather again";
        site.nextRunAt = null;
        // Restarting requires re-entered credentials (spec §1.8): the stored references are dropped.
        site.dbPasswordRef = null;
        site.providerPasswordRef = null;
        runner.cancel(site.id);
        SourceHierarchy h = SourceHierarchy.findById(hierarchyId);
        SourceSite.getEntityManager().flush();
        runState.publishStatus(site, null);
        outbox.add(SiteRunState.hierarchyEvent(h, HierarchyEvent.Action.GATHERING_STOPPED, site.siteCode, "gathering stopped for " + site.siteCode));
        return view(h);
    }

    private void collectGatheringDescendants(String hierarchyId, String code, List<String> into) {
        for (SourceSite child : SourceSite.<SourceSite>list("hierarchyId = ?1 and parentSiteCode = ?2", hierarchyId, code)) {
            if (child.configured && !child.stopped) {
                into.add(child.siteCode);
            }
            collectGatheringDescendants(hierarchyId, child.siteCode, into);
        }
    }

    /** Clean up migration data: only after gathering stopped at every source site (spec §1.8). */
    @Transactional
    public HierarchyApi.HierarchyView cleanup(String hierarchyId) {
        SourceHierarchy h = SourceHierarchy.findById(hierarchyId);
        if (h == null) {
            throw ProblemException.notFound("source hierarchy " + hierarchyId);
        }
        if (SourceHierarchy.CLEANED_UP.equals(h.state)) {
            throw ProblemException.conflict("source hierarchy " + hierarchyId + " is already cleaned up");
        }
        List<String> gathering = h.sites().stream().filter(s -> s.configured && !s.stopped).map(s -> s.siteCode).toList();
        if (!gathering.isEmpty()) {
            throw ProblemException.conflict("clean up needs gathering stopped at every source site; still gathering: " + String.join(", ", gathering));
        }
        for (SourceSite s : h.sites()) {
            store.forgetSite(s.id);
            s.typeCounts = null;
            s.lastSuccessAt = null;
        }
        h.state = SourceHierarchy.CLEANED_UP;
        h.updatedAt = Instant.now();
        SourceSite.getEntityManager().flush();
        outbox.add(SiteRunState.hierarchyEvent(h, HierarchyEvent.Action.CLEANED_UP, null,
                "migration data of source hierarchy " + hierarchyId + " cleaned up; records of migrated objects are kept"));
        return view(h);
    }

    // ---------------------------------------------------------------- reads

    @Transactional
    public List<HierarchyApi.HierarchyView> list() {
        return SourceHierarchy.<SourceHierarchy>listAll(io.quarkus.panache.common.Sort.by("id")).stream().map(this::view).toList();
    }

    @Transactional
    public HierarchyApi.HierarchyView get(String hierarchyId) {
        SourceHierarchy h = SourceHierarchy.findById(hierarchyId);
        if (h == null) {
            throw ProblemException.notFound("source hierarchy " + hierarchyId);
        }
        return view(h);
    }

    HierarchyApi.HierarchyView view(SourceHierarchy h) {
        List<HierarchyApi.SiteView> sites = h.sites().stream().map(HierarchyService::siteView).toList();
        return new HierarchyApi.HierarchyView(h.id, h.topSiteCode, h.topSiteServer, h.sourceVersion, h.sourceFamily, h.destinationSiteCode, h.state,
                h.createdAt, sites);
    }

    static HierarchyApi.SiteView siteView(SourceSite s) {
        Map<String, TypeCounts> counts = SiteRunState.counts(s);
        long clients = counts.containsKey(ObjectType.CLIENT.name()) ? counts.get(ObjectType.CLIENT.name()).total() : 0;
        long objects = counts.entrySet().stream().filter(e -> !e.getKey().equals(ObjectType.CLIENT.name()) && !e.getKey().equals("DISTRIBUTION_POINT"))
                .mapToLong(e -> e.getValue().total()).sum();
        return new HierarchyApi.SiteView(s.siteCode, s.parentSiteCode, s.serverName, s.siteVersion, SiteRunState.typeName(s.siteType), s.configured,
                s.dpSharing, s.intervalMinutes, s.statusCode, GatheringStatus.name(s.statusCode), s.statusMessage, s.runId, s.lastRunStartedAt,
                s.lastRunFinishedAt, s.lastSuccessAt, s.nextRunAt, s.stopped, s.configured && s.dbPasswordRef == null,
                s.dbUsername == null ? null : new HierarchyApi.AccountView(s.dbUsername),
                s.providerUsername == null ? null : new HierarchyApi.AccountView(s.providerUsername), objects, clients, counts);
    }

    // ---------------------------------------------------------------- helpers

    private SourceHierarchy activeHierarchy(String hierarchyId) {
        SourceHierarchy h = io.quarkus.narayana.jta.QuarkusTransaction.joiningExisting().call(() -> SourceHierarchy.findById(hierarchyId));
        if (h == null) {
            throw ProblemException.notFound("source hierarchy " + hierarchyId);
        }
        if (!SourceHierarchy.ACTIVE.equals(h.state)) {
            throw ProblemException.conflict("source hierarchy " + hierarchyId + " is " + h.state.toLowerCase(Locale.ROOT));
        }
        return h;
    }

    private SourceSite configuredSite(String hierarchyId, String siteCode) {
        SourceHierarchy h = activeHierarchy(hierarchyId);
        SourceSite site = io.quarkus.narayana.jta.QuarkusTransaction.joiningExisting()
                .call(() -> SourceSite.find(h.id, siteCode == null ? null : siteCode.toUpperCase(Locale.ROOT)));
        if (site == null) {
            throw ProblemException.notFound("site " + siteCode + " of source hierarchy " + hierarchyId);
        }
        if (!site.configured) {
            throw ProblemException.conflict("site " + site.siteCode + " is not a configured source site");
        }
        return site;
    }

    private int interval(Integer minutes) {
        if (minutes == null) {
            return defaultInterval;
        }
        if (minutes < 1 || minutes > 7 * 24 * 60) {
            throw ProblemException.badRequest("gatheringIntervalMinutes must be between 1 and 10080 (one week)");
        }
        return minutes;
    }

    private void validateAccount(Account account, String field) {
        if (account == null || account.username() == null || account.username().isBlank()) {
            throw ProblemException.badRequest(field + ".username is required");
        }
        secrets.validateReference(field + ".passwordRef", account.passwordRef());
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(field + " is required");
        }
    }
}
