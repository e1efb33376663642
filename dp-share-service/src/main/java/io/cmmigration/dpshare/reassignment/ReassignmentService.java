package io.cmmigration.dpshare.reassignment;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.dpshare.distributionpoint.DistributionPoint;
import io.cmmigration.dpshare.distributionpoint.DpEvaluator;
import io.cmmigration.dpshare.distributionpoint.HostedPackage;
import io.cmmigration.dpshare.eligibility.EligibilityKind;
import io.cmmigration.dpshare.eligibility.EligibilityPolicy;
import io.cmmigration.dpshare.hierarchy.SourceSite;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Locale;

/** Queues a move of a shared DP after checking it is allowed (shared, eligible, not already moving, drive for a server share). */
@ApplicationScoped
public class ReassignmentService {

    @Inject
    DpEvaluator evaluator;

    @Transactional
    public Reassignment queue(long dpId, String destinationSiteCode, String drive, String requestedBy) {
        DistributionPoint dp = evaluator.lock(dpId);
        if (dp == null) {
            throw ProblemException.notFound("Distribution point " + dpId);
        }
        Reassignment active = Reassignment.find("dpId = ?1 and state not in ?2 order by id desc", dpId, ReassignmentState.TERMINAL).firstResult();
        if (active != null) {
            throw ProblemException.conflict("Distribution point " + dp.serverName + " already has a " + active.kind.name().toLowerCase(Locale.ROOT)
                    + " (id " + active.id + ") in state " + active.state);
        }
        if (DpEvaluator.REASSIGNED.equals(dp.state)) {
            throw ProblemException.conflict("Distribution point " + dp.serverName + " was already moved to destination site " + dp.destinationSiteCode);
        }
        if (!dp.shared) {
            throw new ProblemException(422, "Distribution point not shared", "Only a shared distribution point can be upgraded or reassigned; "
                    + dp.serverName + " is not shared: " + String.join("; ", DistributionPoint.lines(dp.sharingReasons)));
        }
        if (!Boolean.TRUE.equals(dp.eligible)) {
            throw new ProblemException(422, "Distribution point not eligible", dp.serverName + " is not eligible: "
                    + String.join("; ", DistributionPoint.lines(dp.eligibilityReasons)));
        }
        String destination = destinationSiteCode.toUpperCase(Locale.ROOT);
        if (SourceSite.find(dp.hierarchyId, destination) != null) {
            throw new ProblemException(422, "Invalid destination site", destination + " is a site of source hierarchy " + dp.hierarchyId
                    + "; choose a primary or secondary site of the destination hierarchy");
        }
        EligibilityKind kind = EligibilityKind.valueOf(dp.eligibilityKind);
        boolean serverShare = kind == EligibilityKind.UPGRADE && EligibilityPolicy.SERVER_SHARE.equalsIgnoreCase(dp.dpType);
        if (serverShare && drive == null) {
            throw new ProblemException(422, "Drive required", "A 2007 DP on a server share is converted to a standard DP: choose the"
                    + " drive for its content library (field 'drive', e.g. \"E:\")");
        }
        if (kind == EligibilityKind.REASSIGNMENT && drive != null) {
            throw ProblemException.badRequest("'drive' applies to the upgrade of a 2007 DP; a 2012+ reassignment keeps its content where it is");
        }
        Reassignment r = new Reassignment();
        r.dpId = dp.id;
        r.hierarchyId = dp.hierarchyId;
        r.siteCode = dp.siteCode;
        r.nalPath = dp.nalPath;
        r.serverName = dp.serverName;
        r.kind = kind;
        r.destinationSiteCode = destination;
        r.drive = drive == null ? null : normaliseDrive(drive);
        r.onSecondarySiteServer = dp.onSecondarySiteServer;
        r.packageCount = (int) HostedPackage.count("dpId", dp.id);
        r.state = ReassignmentState.QUEUED;
        r.requestedBy = requestedBy;
        r.requestedAt = Instant.now();
        r.updatedAt = r.requestedAt;
        r.persist();
        evaluator.evaluate(dp);
        return r;
    }

    static String normaliseDrive(String drive) {
        return drive.substring(0, 1).toUpperCase(Locale.ROOT) + ":";
    }
}
