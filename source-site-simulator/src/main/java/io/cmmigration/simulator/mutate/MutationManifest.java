package io.cmmigration.simulator.mutate;

import java.util.List;
import java.util.Map;

/**
 * What one {@code mutate(percent, seed)} call did, per site database and catalogue type: the exact keys added, changed
 * and removed (keys as the catalogue's key column renders them), the DPs whose host name changed (NALPath old to new) and
 * the sites added. {@code mutationTime} is the last-modified value written to every changed object; it is later than
 * every last-modified value that existed before the call.
 */
public record MutationManifest(double percent, long seed, List<Database> databases) {

    public record Database(String siteCode, String mutationTime, Map<String, TypeChanges> types,
                           List<DistributionPointChange> distributionPointsChanged, List<String> sitesAdded) {
    }

    public record TypeChanges(List<String> added, List<String> changed, List<String> removed) {
    }

    public record DistributionPointChange(String oldNalPath, String newNalPath, String oldServerName, String newServerName) {
    }

    public Database database(String siteCode) {
        return databases.stream().filter(d -> d.siteCode().equals(siteCode)).findFirst().orElseThrow();
    }
}
