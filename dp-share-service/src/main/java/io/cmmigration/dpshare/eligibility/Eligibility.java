package io.cmmigration.dpshare.eligibility;

import java.util.List;

/**
 * The answer for one DP: eligible or not for its family's move ({@link EligibilityKind}), and why. An ineligible DP always
 * has at least one reason; an eligible one says what the move will do.
 */
public record Eligibility(boolean eligible, EligibilityKind kind, DpLocation location, boolean orphaned, List<String> reasons) {

    public Eligibility {
        reasons = List.copyOf(reasons);
        if (!eligible && reasons.isEmpty()) {
            throw new IllegalArgumentException("an ineligible DP needs a reason");
        }
    }
}
