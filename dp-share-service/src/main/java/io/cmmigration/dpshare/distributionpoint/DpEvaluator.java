package io.cmmigration.dpshare.distributionpoint;

import io.cmmigration.common.outbox.Outbox;
import io.cmmigration.dpshare.content.ContentAvailability;
import io.cmmigration.dpshare.content.ContentVerdict;
import io.cmmigration.dpshare.content.PackageRecord;
import io.cmmigration.dpshare.content.PackageVersion;
import io.cmmigration.dpshare.eligibility.DpFacts;
import io.cmmigration.dpshare.eligibility.Eligibility;
import io.cmmigration.dpshare.eligibility.EligibilityPolicy;
import io.cmmigration.dpshare.eligibility.SecondarySiteFacts;
import io.cmmigration.dpshare.hierarchy.SourceHierarchy;
import io.cmmigration.dpshare.hierarchy.SourceSite;
import io.cmmigration.dpshare.reassignment.Reassignment;
import io.cmmigration.dpshare.reassignment.ReassignmentState;
import io.cmmigration.dpshare.sharing.SharingDecision;
import io.cmmigration.dpshare.sharing.SharingFacts;
import io.cmmigration.dpshare.sharing.SharingPolicy;
import io.cmmigration.events.DpStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.SourceFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies the sharing, eligibility and content rules to a DP and publishes a {@link DpStatusEvent} (outbox, same
 * transaction) whenever what a user would see changes. Callers hold the DP rows with a write lock
 * ({@link #lockSite}, {@link #lockHierarchy}, {@link #lock}) so concurrent evaluations of one DP serialise.
 */
@ApplicationScoped
public class DpEvaluator {

    /** DP states beside the reassignment states (which are published as they are while a move is queued or running). */
    public static final String SHARED = "SHARED";
    public static final String NOT_SHARED = "NOT_SHARED";
    public static final String WITHDRAWN = "WITHDRAWN";
    public static final String ORPHANED = "ORPHANED";
    public static final String REASSIGNED = "REASSIGNED";
    public static final String REASSIGNMENT_FAILED = "REASSIGNMENT_FAILED";

    @ConfigProperty(name = "cmm.destination.http-port", defaultValue = "80")
    int destinationHttpPort;

    @ConfigProperty(name = "cmm.destination.https-port", defaultValue = "443")
    int destinationHttpsPort;

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /** A hosted package joined with what is known about it. */
    public record HostedContent(HostedPackage hosted, PackageVersion pkg, ContentVerdict verdict) {
    }

    /**
     * Locks the hierarchy row, creating a placeholder (state UNKNOWN) when the hierarchy was not announced yet. Every
     * change of hierarchy, site or DP facts takes this lock first, so a DP event and a hierarchy event arriving at the
     * same time on their two topics are applied one after the other and the second sees the first (otherwise each
     * could evaluate without the other's uncommitted change and the DP would keep a stale verdict).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SourceHierarchy lockHierarchyRow(String hierarchyId) {
        SourceHierarchy h = em.find(SourceHierarchy.class, hierarchyId, LockModeType.PESSIMISTIC_WRITE);
        if (h == null) {
            h = new SourceHierarchy();
            h.hierarchyId = hierarchyId;
            h.state = SourceHierarchy.UNKNOWN;
            h.updatedAt = Instant.now();
            em.persist(h);
            em.flush(); // a concurrent creator blocks on the key and then fails; its transaction is retried and locks this row
        }
        return h;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public DistributionPoint lock(long dpId) {
        return em.find(DistributionPoint.class, dpId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** All DPs of a site, locked in id order (one order everywhere, so lockers do not deadlock). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<DistributionPoint> lockSite(String hierarchyId, String siteCode) {
        return em.createQuery("from DistributionPoint where hierarchyId = :h and siteCode = :s order by id", DistributionPoint.class)
                .setParameter("h", hierarchyId).setParameter("s", siteCode).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<DistributionPoint> lockHierarchy(String hierarchyId) {
        return em.createQuery("from DistributionPoint where hierarchyId = :h order by id", DistributionPoint.class)
                .setParameter("h", hierarchyId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /** Re-evaluates the DPs of a site and of its direct child secondary sites (a gathering run of that site). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void evaluateSiteAndSecondaries(String hierarchyId, String siteCode) {
        List<String> children = em.createQuery("select siteCode from SourceSite where hierarchyId = :h and parentSiteCode = :p", String.class)
                .setParameter("h", hierarchyId).setParameter("p", siteCode).getResultList();
        List<String> sites = new ArrayList<>();
        sites.add(siteCode);
        sites.addAll(children);
        List<DistributionPoint> dps = em.createQuery("from DistributionPoint where hierarchyId = :h and siteCode in :s order by id",
                DistributionPoint.class).setParameter("h", hierarchyId).setParameter("s", sites)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        dps.forEach(this::evaluate);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void evaluateHierarchy(String hierarchyId) {
        lockHierarchy(hierarchyId).forEach(this::evaluate);
    }

    /** Evaluates one (locked) DP, stores the verdicts and publishes them when they changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void evaluate(DistributionPoint dp) {
        SourceHierarchy hierarchy = SourceHierarchy.findById(dp.hierarchyId);
        SourceFamily family = hierarchy == null ? null : hierarchy.family();
        SourceSite site = SourceSite.find(dp.hierarchyId, dp.siteCode);
        boolean secondary = (site != null && site.secondary()) || dp.onSecondarySiteServer;
        SourceSite governing = site;
        if (secondary && site != null && site.parentSiteCode != null) {
            governing = SourceSite.find(dp.hierarchyId, site.parentSiteCode);
        }
        String uninstalledBy = site == null ? null : site.secondaryUninstalledBy;
        boolean orphaned = secondary && uninstalledBy != null && !uninstalledBy.equals(dp.nalPath);

        SharingDecision sharing = SharingPolicy.decide(new SharingFacts(hierarchy == null ? null : hierarchy.state, dp.siteCode, secondary,
                governing != null ? governing.siteCode : site != null ? site.parentSiteCode : dp.siteCode, governing != null,
                (governing != null && governing.dpSharingEnabled) || (secondary && site != null && site.dpSharingEnabled),
                (governing != null && governing.gatheringStopped) || (site != null && site.gatheringStopped), dp.removed, orphaned,
                dp.serverName, dp.fqdn, dp.httpPort, dp.httpsPort, destinationHttpPort, destinationHttpsPort));

        SecondarySiteFacts secondaryFacts = SecondarySiteFacts.NONE;
        if (secondary) {
            String serverShare = em.createQuery("select nalPath from DistributionPoint where hierarchyId = :h and siteCode = :s"
                    + " and onSecondarySiteServer = true and removed = false and upper(dpType) = 'SERVER_SHARE' order by id", String.class)
                    .setParameter("h", dp.hierarchyId).setParameter("s", dp.siteCode).setMaxResults(1).getResultStream().findFirst().orElse(null);
            secondaryFacts = new SecondarySiteFacts(serverShare, uninstalledBy);
        }
        Eligibility eligibility = EligibilityPolicy.evaluate(new DpFacts(family, dp.dpType, dp.siteCode, secondary, dp.onSiteServer,
                dp.onSecondarySiteServer, dp.otherRoleList()), secondaryFacts);

        int[] counts = contentCounts(dp, family);
        int hosted = counts[0];
        int available = sharing.shared() ? counts[1] : 0;

        Reassignment latest = Reassignment.find("dpId = ?1 order by id desc", dp.id).firstResult();
        boolean eligible = eligibility.eligible();
        List<String> eligibilityReasons = new ArrayList<>(eligibility.reasons());
        boolean shared = sharing.shared();
        String state;
        String destination = null;
        String message = null;
        if (latest != null && !latest.state.terminal()) {
            state = latest.state.name();
            shared = latest.state == ReassignmentState.QUEUED && shared;
            destination = latest.destinationSiteCode;
            message = "Queued " + latest.kind.name().toLowerCase() + " to destination site " + latest.destinationSiteCode;
        } else if (latest != null && latest.state == ReassignmentState.COMPLETED) {
            state = REASSIGNED;
            shared = false;
            eligible = false;
            eligibilityReasons = List.of("Already moved: now a distribution point of destination site " + latest.destinationSiteCode);
            destination = latest.destinationSiteCode;
            message = latest.lostPackageCount == 0 ? "Moved to destination site " + latest.destinationSiteCode
                    : "Moved to destination site " + latest.destinationSiteCode + "; " + latest.lostPackageCount
                            + " package(s) not migrated before the move were lost: " + latest.lostPackages;
        } else if (latest != null && latest.state == ReassignmentState.FAILED
                && !ReassignmentState.QUEUED.name().equals(latest.failedInState)) {
            state = REASSIGNMENT_FAILED;
            shared = false;
            eligible = false;
            eligibilityReasons = List.of("The " + latest.kind.name().toLowerCase() + " failed in " + latest.failedInState + ": " + latest.failureReason);
            message = latest.failureReason;
        } else if (eligibility.orphaned() || orphaned) {
            state = ORPHANED;
            shared = false;
        } else if (shared) {
            state = SHARED;
        } else {
            state = SHARED.equals(dp.state) || WITHDRAWN.equals(dp.state) ? WITHDRAWN : NOT_SHARED;
        }
        if (!shared && eligible) {
            eligible = false;
            eligibilityReasons.add(0, "Only a shared distribution point can be " + (eligibility.kind() == null ? "moved"
                    : eligibility.kind() == io.cmmigration.dpshare.eligibility.EligibilityKind.UPGRADE ? "upgraded" : "reassigned")
                    + "; this one is not shared (see the sharing reasons)");
        }
        if (latest != null && latest.state == ReassignmentState.FAILED && message == null) {
            message = "Last " + latest.kind.name().toLowerCase() + " request failed: " + latest.failureReason;
        }

        dp.state = state;
        dp.shared = shared;
        dp.sharingReasons = DistributionPoint.join(sharing.reasons());
        dp.eligible = eligible;
        dp.eligibilityKind = eligibility.kind() == null ? null : eligibility.kind().name();
        dp.eligibilityReasons = DistributionPoint.join(eligibilityReasons);
        dp.hostedCount = hosted;
        dp.availableCount = available;
        dp.destinationSiteCode = destination;
        dp.contentDirty = false;
        dp.updatedAt = Instant.now();

        List<String> reasons = new ArrayList<>();
        sharing.reasons().forEach(r -> reasons.add("Sharing: " + r));
        eligibilityReasons.forEach(r -> reasons.add("Eligibility: " + r));
        String fingerprint = fingerprint(state, shared, eligible, dp.eligibilityKind, reasons, hosted, available, destination, message);
        if (!fingerprint.equals(dp.publishedFingerprint)) {
            dp.publishedFingerprint = fingerprint;
            outbox.add(new DpStatusEvent(MigrationEvent.newId(), DpStatusEvent.SCHEMA_VERSION, Instant.now(), dp.hierarchyId, dp.siteCode,
                    dp.nalPath, dp.serverName, state, shared, eligible, dp.eligibilityKind, reasons, hosted, available,
                    destination, message));
        }
    }

    /**
     * How many packages a DP hosts and how many of them are available (not considering whether the DP is shared), from
     * scalar columns: an evaluation is run for hundreds of DPs in one transaction (every DP hosting a package of a job
     * chunk), and loading the hosted packages as entities put ~13,000 managed entities into the persistence context of
     * one refresh batch, every one of them dirty-checked again before each later query of the batch (auto-flush).
     */
    int[] contentCounts(DistributionPoint dp, SourceFamily family) {
        List<Object[]> rows = em.createQuery("select h.sourceVersion, p.objectType, p.sourceVersion, p.migrated, p.migratedVersion"
                + " from HostedPackage h left join PackageVersion p on p.hierarchyId = h.hierarchyId and p.packageId = h.packageId"
                + " where h.dpId = :dp", Object[].class).setParameter("dp", dp.id).getResultList();
        int available = 0;
        for (Object[] r : rows) {
            PackageRecord pkg = r[3] == null ? null : new PackageRecord((ObjectType) r[1], (Long) r[2], (Boolean) r[3], (Long) r[4]);
            if (ContentAvailability.judge(family, (Long) r[0], pkg).available()) {
                available++;
            }
        }
        return new int[] {rows.size(), available};
    }

    /**
     * The packages on a DP with their availability verdicts (not considering whether the DP is shared), loaded read-only
     * (never written back, never dirty-checked).
     */
    @SuppressWarnings("unchecked")
    public List<HostedContent> content(DistributionPoint dp, SourceFamily family) {
        List<Object[]> rows = em.createQuery("select h, p from HostedPackage h left join PackageVersion p"
                + " on p.hierarchyId = h.hierarchyId and p.packageId = h.packageId where h.dpId = :dp order by h.packageId")
                .setParameter("dp", dp.id).setHint(org.hibernate.jpa.HibernateHints.HINT_READ_ONLY, true).getResultList();
        List<HostedContent> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            HostedPackage h = (HostedPackage) r[0];
            PackageVersion p = (PackageVersion) r[1];
            out.add(new HostedContent(h, p, ContentAvailability.judge(family, h.sourceVersion, p == null ? null : p.record())));
        }
        return out;
    }

    private static String fingerprint(Object... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Object p : parts) {
                md.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
