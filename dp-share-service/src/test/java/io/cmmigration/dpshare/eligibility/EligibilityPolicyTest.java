package io.cmmigration.dpshare.eligibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.SourceFamily;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every cell of the eligibility tables of spec §4.3 (2007 upgrade), §4.4 (secondary sites) and §4.5 (2012+/CB reassignment). */
class EligibilityPolicyTest {

    private static final List<String> MP = List.of("SMS Management Point");

    /** 2007 table: type × location → eligible. */
    static Stream<Arguments> table2007() {
        return Stream.of(
                Arguments.of("STANDARD", DpLocation.SITE_SYSTEM, true),
                Arguments.of("STANDARD", DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES, false),
                Arguments.of("STANDARD", DpLocation.SECONDARY_SITE_SERVER, true),
                Arguments.of("STANDARD", DpLocation.PRIMARY_SITE_SERVER, false),
                Arguments.of("SERVER_SHARE", DpLocation.SITE_SYSTEM, true),
                Arguments.of("SERVER_SHARE", DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES, false),
                Arguments.of("SERVER_SHARE", DpLocation.SECONDARY_SITE_SERVER, false),
                Arguments.of("SERVER_SHARE", DpLocation.PRIMARY_SITE_SERVER, false),
                Arguments.of("BRANCH", DpLocation.SITE_SYSTEM, true),
                Arguments.of("BRANCH", DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES, false),
                Arguments.of("BRANCH", DpLocation.SECONDARY_SITE_SERVER, false),
                Arguments.of("BRANCH", DpLocation.PRIMARY_SITE_SERVER, false));
    }

    @ParameterizedTest(name = "2007 {0} on {1} → eligible {2}")
    @MethodSource("table2007")
    void upgradeTableOf2007(String type, DpLocation location, boolean expected) {
        Eligibility e = EligibilityPolicy.evaluate(facts(SourceFamily.CM2007, type, location), SecondarySiteFacts.NONE);
        assertEquals(expected, e.eligible(), e.reasons().toString());
        assertEquals(EligibilityKind.UPGRADE, e.kind());
        assertEquals(location, e.location());
        assertFalse(e.reasons().isEmpty(), "every verdict says why");
        if (!expected) {
            String all = String.join(" ", e.reasons());
            switch (location) {
                case PRIMARY_SITE_SERVER -> assertTrue(all.contains("never eligible"), all);
                case SITE_SYSTEM_WITH_OTHER_ROLES -> assertTrue(all.contains("SMS Management Point"), all);
                case SECONDARY_SITE_SERVER -> assertTrue(all.contains("only a standard DP on a secondary site server"), all);
                default -> throw new AssertionError("a plain site system is always eligible in 2007");
            }
        }
    }

    @Test
    void serverShareUpgradeAsksForADriveAndBranchForTheClientUninstall() {
        Eligibility share = EligibilityPolicy.evaluate(facts(SourceFamily.CM2007, "SERVER_SHARE", DpLocation.SITE_SYSTEM), null);
        assertTrue(share.reasons().stream().anyMatch(r -> r.contains("choose a drive")), share.reasons().toString());
        Eligibility branch = EligibilityPolicy.evaluate(facts(SourceFamily.CM2007, "BRANCH", DpLocation.SITE_SYSTEM), null);
        assertTrue(branch.reasons().stream().anyMatch(r -> r.contains("Uninstall the Configuration Manager 2007 client")));
    }

    @Test
    void standardDpOnSecondarySiteServerWarnsThatTheSecondaryIsUninstalled() {
        Eligibility e = EligibilityPolicy.evaluate(facts(SourceFamily.CM2007, "STANDARD", DpLocation.SECONDARY_SITE_SERVER), SecondarySiteFacts.NONE);
        assertTrue(e.eligible());
        assertTrue(e.reasons().get(0).contains("uninstalls the secondary site"), e.reasons().toString());
    }

    /** §4.4: a server-share DP on the secondary site server makes the secondary and all its DPs ineligible. */
    @ParameterizedTest(name = "secondary with server share on its server: {0} on {1} is ineligible")
    @MethodSource("secondaryDps")
    void serverShareOnSecondarySiteServerMakesEveryDpOfTheSecondaryIneligible(String type, DpLocation location) {
        SecondarySiteFacts withShare = new SecondarySiteFacts("[\"Display=\\\\SEC1\\\"]MSWNET:[\"SMS_SITE=S01\"]\\\\SEC1\\D$\\", null);
        Eligibility e = EligibilityPolicy.evaluate(secondaryFacts(type, location), withShare);
        assertFalse(e.eligible());
        assertTrue(e.reasons().stream().anyMatch(r -> r.contains("server share on its site server")), e.reasons().toString());
    }

    static Stream<Arguments> secondaryDps() {
        return Stream.of(Arguments.of("STANDARD", DpLocation.SECONDARY_SITE_SERVER), Arguments.of("STANDARD", DpLocation.SITE_SYSTEM),
                Arguments.of("BRANCH", DpLocation.SITE_SYSTEM), Arguments.of("SERVER_SHARE", DpLocation.SITE_SYSTEM));
    }

    /** §4.4: after the DP on the secondary site server was upgraded, the other DPs of that secondary are orphaned. */
    @Test
    void otherDpsOfAnUninstalledSecondaryAreOrphaned() {
        SecondarySiteFacts uninstalled = new SecondarySiteFacts(null, "\\\\SEC1-server");
        Eligibility other = EligibilityPolicy.evaluate(secondaryFacts("STANDARD", DpLocation.SITE_SYSTEM), uninstalled);
        assertFalse(other.eligible());
        assertTrue(other.orphaned());
        assertTrue(other.reasons().get(0).startsWith("Orphaned"), other.reasons().toString());
        Eligibility same = EligibilityPolicy.evaluate(secondaryFacts("STANDARD", DpLocation.SECONDARY_SITE_SERVER), uninstalled);
        assertFalse(same.orphaned(), "the upgraded DP itself is not an orphan");
    }

    @Test
    void secondaryRulesDoNotApplyToDpsOfPrimarySites() {
        SecondarySiteFacts withShare = new SecondarySiteFacts("share", "server");
        Eligibility e = EligibilityPolicy.evaluate(facts(SourceFamily.CM2007, "STANDARD", DpLocation.SITE_SYSTEM), withShare);
        assertTrue(e.eligible(), e.reasons().toString());
    }

    /** 2012+/CB: eligible only off the site server and without other roles, from primary or secondary sites. */
    static Stream<Arguments> table2012() {
        return Stream.of(
                Arguments.of("STANDARD", DpLocation.SITE_SYSTEM, false, true),
                Arguments.of("PULL", DpLocation.SITE_SYSTEM, false, true),
                Arguments.of("STANDARD", DpLocation.SITE_SYSTEM, true, true),
                Arguments.of("PULL", DpLocation.SITE_SYSTEM, true, true),
                Arguments.of("STANDARD", DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES, false, false),
                Arguments.of("PULL", DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES, false, false),
                Arguments.of("STANDARD", DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES, true, false),
                Arguments.of("STANDARD", DpLocation.PRIMARY_SITE_SERVER, false, false),
                Arguments.of("PULL", DpLocation.PRIMARY_SITE_SERVER, false, false),
                Arguments.of("STANDARD", DpLocation.SECONDARY_SITE_SERVER, true, false),
                Arguments.of("PULL", DpLocation.SECONDARY_SITE_SERVER, true, false));
    }

    @ParameterizedTest(name = "2012+ {0} on {1} (secondary site {2}) → eligible {3}")
    @MethodSource("table2012")
    void reassignmentRulesOf2012AndCurrentBranch(String type, DpLocation location, boolean secondarySite, boolean expected) {
        DpFacts f = new DpFacts(SourceFamily.CM2012_PLUS, type, "P01", secondarySite, location == DpLocation.PRIMARY_SITE_SERVER,
                location == DpLocation.SECONDARY_SITE_SERVER, location == DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES ? MP : List.of());
        Eligibility e = EligibilityPolicy.evaluate(f, SecondarySiteFacts.NONE);
        assertEquals(expected, e.eligible(), e.reasons().toString());
        assertEquals(EligibilityKind.REASSIGNMENT, e.kind());
        assertFalse(e.reasons().isEmpty());
        if (expected) {
            assertTrue(e.reasons().get(0).contains("no content conversion and no extra disk space"), e.reasons().toString());
        } else if (location == DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES) {
            assertTrue(e.reasons().get(0).contains("other site system roles (SMS Management Point)"), e.reasons().toString());
        } else {
            assertTrue(e.reasons().get(0).contains("on the site server"), e.reasons().toString());
        }
    }

    @Test
    void siteServerWithOtherRolesGivesBothReasons() {
        DpFacts f = new DpFacts(SourceFamily.CM2012_PLUS, "STANDARD", "P01", false, true, false, MP);
        assertEquals(2, EligibilityPolicy.evaluate(f, null).reasons().size());
    }

    @Test
    void unknownVersionOrTypeIsIneligibleWithAReason() {
        Eligibility noVersion = EligibilityPolicy.evaluate(facts(null, "STANDARD", DpLocation.SITE_SYSTEM), null);
        assertFalse(noVersion.eligible());
        assertNull(noVersion.kind());
        assertTrue(noVersion.reasons().get(0).contains("source version"));
        Eligibility pullIn2007 = EligibilityPolicy.evaluate(facts(SourceFamily.CM2007, "PULL", DpLocation.SITE_SYSTEM), null);
        assertFalse(pullIn2007.eligible());
        assertTrue(pullIn2007.reasons().get(0).contains("Unknown Configuration Manager 2007 distribution point type"));
    }

    private static DpFacts facts(SourceFamily family, String type, DpLocation location) {
        return new DpFacts(family, type, location == DpLocation.SECONDARY_SITE_SERVER ? "S01" : "P01",
                location == DpLocation.SECONDARY_SITE_SERVER, location == DpLocation.PRIMARY_SITE_SERVER,
                location == DpLocation.SECONDARY_SITE_SERVER, location == DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES ? MP : List.of());
    }

    private static DpFacts secondaryFacts(String type, DpLocation location) {
        return new DpFacts(SourceFamily.CM2007, type, "S01", true, false, location == DpLocation.SECONDARY_SITE_SERVER,
                location == DpLocation.SITE_SYSTEM_WITH_OTHER_ROLES ? MP : List.of());
    }
}
