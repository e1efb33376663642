package io.cmmigration.dpshare.sharing;

import java.util.List;

/** Whether a DP is offered to destination clients, with the reasons (why it qualifies, or every reason it does not). */
public record SharingDecision(boolean shared, List<String> reasons) {

    public SharingDecision {
        reasons = List.copyOf(reasons);
    }
}
