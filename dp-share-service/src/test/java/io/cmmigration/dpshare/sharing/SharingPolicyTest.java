package io.cmmigration.dpshare.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spec §4.1 qualification: switch on, gathering active, hierarchy active, FQDN, same client request ports. */
class SharingPolicyTest {

    private static SharingFacts facts(String hierarchyState, boolean enabled, boolean stopped, boolean fqdn, Integer http, Integer https) {
        return new SharingFacts(hierarchyState, "P01", false, "P01", true, enabled, stopped, false, false, "dp1.contoso.com", fqdn, http, https, 80, 443);
    }

    @Test
    void qualifyingDpIsSharedWithItsReasons() {
        SharingDecision d = SharingPolicy.decide(facts("ACTIVE", true, false, true, 80, 443));
        assertTrue(d.shared());
        assertEquals(3, d.reasons().size());
        assertTrue(d.reasons().get(2).contains("HTTP 80 / HTTPS 443 match"));
    }

    @Test
    void everyFailingConditionIsNamed() {
        SharingDecision d = SharingPolicy.decide(facts("INACTIVE", false, true, false, 8080, 443));
        assertFalse(d.shared());
        String all = String.join("\n", d.reasons());
        assertTrue(all.contains("inactive"), all);
        assertTrue(all.contains("not enabled for source site P01"), all);
        assertTrue(all.contains("gathering is stopped"), all);
        assertTrue(all.contains("NetBIOS name only"), all);
        assertTrue(all.contains("HTTP 8080 / HTTPS 443 differ"), all);
        assertEquals(5, d.reasons().size());
    }

    @Test
    void unknownPortsOrHierarchyDoNotQualify() {
        assertFalse(SharingPolicy.decide(facts("ACTIVE", true, false, true, null, 443)).shared());
        assertFalse(SharingPolicy.decide(facts(null, true, false, true, 80, 443)).shared());
        assertFalse(SharingPolicy.decide(facts("CLEANED_UP", true, false, true, 80, 443)).shared());
    }

    @Test
    void dpOfADirectChildSecondaryFollowsItsParentsSwitch() {
        SharingFacts f = new SharingFacts("ACTIVE", "S01", true, "P01", true, true, false, false, false, "sec.contoso.com", true, 80, 443, 80, 443);
        SharingDecision d = SharingPolicy.decide(f);
        assertTrue(d.shared());
        assertTrue(d.reasons().get(0).contains("direct child secondary site S01"), d.reasons().toString());
        SharingFacts orphan = new SharingFacts("ACTIVE", "S01", true, "P01", true, true, false, false, true, "sec.contoso.com", true, 80, 443, 80, 443);
        assertFalse(SharingPolicy.decide(orphan).shared());
    }

    @Test
    void removedDpIsWithdrawn() {
        SharingFacts f = new SharingFacts("ACTIVE", "P01", false, "P01", true, true, false, true, false, "dp.contoso.com", true, 80, 443, 80, 443);
        assertFalse(SharingPolicy.decide(f).shared());
    }
}
