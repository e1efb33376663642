package io.cmmigration.dpshare.reassignment;

import io.cmmigration.dpshare.eligibility.EligibilityKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A queued / running / finished DP move with its progress. */
public record ReassignmentView(long id, long dpId, String hierarchyId, String siteCode, String nalPath, String serverName, String kind,
        String destinationSiteCode, String drive, String state, int stepsDone, int stepsTotal, int progressPercent, String failedInState,
        String failureReason, int lostPackageCount, List<String> lostPackages, String requestedBy, Instant requestedAt, Instant startedAt,
        Instant finishedAt, int attempts) {

    public static ReassignmentView of(Reassignment r) {
        int total = r.kind == EligibilityKind.UPGRADE ? 3 : 2;
        ReassignmentState position = r.state == ReassignmentState.FAILED && r.failedInState != null
                ? ReassignmentState.valueOf(r.failedInState) : r.state;
        int done = switch (position) {
            case QUEUED, UNINSTALLING_FROM_SOURCE -> 0;
            case INSTALLING_IN_DESTINATION -> 1;
            case CONVERTING_CONTENT -> 2;
            case COMPLETED -> total;
            case FAILED -> 0;
        };
        List<String> lost = r.lostPackages == null || r.lostPackages.isEmpty() ? List.of() : Arrays.asList(r.lostPackages.split(","));
        return new ReassignmentView(r.id, r.dpId, r.hierarchyId, r.siteCode, r.nalPath, r.serverName, r.kind.name(), r.destinationSiteCode,
                r.drive, r.state.name(), done, total, done * 100 / total, r.failedInState, r.failureReason, r.lostPackageCount, lost,
                r.requestedBy, r.requestedAt, r.startedAt, r.finishedAt, r.attempts);
    }
}
