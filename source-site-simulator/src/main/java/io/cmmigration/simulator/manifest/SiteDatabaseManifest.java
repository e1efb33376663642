package io.cmmigration.simulator.manifest;

import java.util.List;
import java.util.Map;

/**
 * The manifest of one site database.
 *
 * @param siteCode           site owning the database (the top site for 2012+, each primary for 2007)
 * @param database           PostgreSQL database name
 * @param jdbcUrl            JDBC URL of the database
 * @param version            SourceVersion name of the site
 * @param family             SourceFamily name
 * @param sites              site codes listed in its v_Site
 * @param types              per catalogue top-level type of the family: count and checksum of the source query
 * @param brokenReferences   deliberately dangling references
 * @param distributionPoints every DP described in the database
 */
public record SiteDatabaseManifest(String siteCode, String database, String jdbcUrl, String version, String family,
                                   List<String> sites, Map<String, TypeSummary> types, List<BrokenReference> brokenReferences,
                                   List<DistributionPointEntry> distributionPoints) {
}
