package io.cmmigration.dpshare.eligibility;

/** What moving a shared DP into the destination means for its source family (spec §2.2, §4.3, §4.5). */
public enum EligibilityKind {
    /** 2007 DP: uninstalled from the 2007 site, installed in the destination and its content converted (single-instance store). */
    UPGRADE,
    /** 2012/CB DP: uninstalled from its source site and installed in the destination site; no conversion, no extra disk. */
    REASSIGNMENT
}
