package io.cmmigration.dpshare.reassignment;

import java.util.EnumSet;
import java.util.Set;

/** The visible states of a queued DP upgrade (2007) or reassignment (2012+). */
public enum ReassignmentState {
    QUEUED,
    UNINSTALLING_FROM_SOURCE,
    INSTALLING_IN_DESTINATION,
    /** 2007 only: content copied into the single-instance store of the new DP. */
    CONVERTING_CONTENT,
    COMPLETED,
    FAILED;

    public static final Set<ReassignmentState> TERMINAL = EnumSet.of(COMPLETED, FAILED);
    /** States in which a worker is (or was, before a crash) operating on the site servers. */
    public static final Set<ReassignmentState> IN_FLIGHT = EnumSet.of(UNINSTALLING_FROM_SOURCE, INSTALLING_IN_DESTINATION, CONVERTING_CONTENT);

    public boolean terminal() {
        return TERMINAL.contains(this);
    }
}
