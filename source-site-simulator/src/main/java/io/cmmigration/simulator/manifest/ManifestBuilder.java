package io.cmmigration.simulator.manifest;

import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.SourceQuery;
import io.cmmigration.events.catalogue.SourceVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the manifest of a site database by running the catalogue's own source queries against it, so that the counts
 * and checksums are exactly what a gathering reader sees. DP entries are read back from the DP views.
 */
public final class ManifestBuilder {

    private static final String DP_QUERY = "SELECT d.NALPath, d.ServerName, d.SiteCode, d.DPType, d.IsOnSiteServer, d.IsSecondarySiteServer, "
            + "d.IsPXE, d.IsPullDP, d.IsProtected, d.IsPeerDP, s.Type AS SiteType, "
            + "(SELECT COUNT(*) FROM v_SystemResourceList r WHERE r.ServerName = d.ServerName "
            + "AND r.RoleName NOT IN ('SMS Site System', 'SMS Component Server', 'SMS Distribution Point')) AS OtherRoles, "
            + "(SELECT COUNT(*) FROM v_DistributionPoint p WHERE p.ServerNALPath = d.NALPath) AS Packages "
            + "FROM v_DistributionPointInfo d JOIN v_Site s ON s.SiteCode = d.SiteCode ORDER BY d.NALPath";

    private ManifestBuilder() {
    }

    public static SiteDatabaseManifest describe(Connection c, String siteCode, String database, String jdbcUrl, SourceVersion version,
                                                List<BrokenReference> broken) throws SQLException {
        Map<String, TypeSummary> types = new LinkedHashMap<>();
        for (ObjectTypeSpec spec : ObjectTypeCatalogue.topLevel(version.family())) {
            types.put(spec.type().name(), summarize(c, spec.source()));
        }
        List<String> sites = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT SiteCode FROM v_Site ORDER BY SiteCode")) {
            while (rs.next()) {
                sites.add(rs.getString(1));
            }
        }
        return new SiteDatabaseManifest(siteCode, database, jdbcUrl, version.name(), version.family().name(), sites, types,
                List.copyOf(broken), distributionPoints(c));
    }

    /** Count and SHA-256 over "key TAB name TAB version" lines sorted by key. */
    public static TypeSummary summarize(Connection c, SourceQuery q) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q.sql())) {
            int key = rs.findColumn(q.keyColumn());
            int name = rs.findColumn(q.nameColumn());
            int ver = q.versionColumn() == null ? -1 : rs.findColumn(q.versionColumn());
            while (rs.next()) {
                rows.add(new String[] {rs.getString(key), nullToEmpty(rs.getString(name)), ver < 0 ? "" : nullToEmpty(rs.getString(ver))});
            }
        }
        rows.sort((a, b) -> a[0].compareTo(b[0]));
        MessageDigest sha = sha256();
        for (String[] r : rows) {
            sha.update((r[0] + "\t" + r[1] + "\t" + r[2] + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new TypeSummary(rows.size(), HexFormat.of().formatHex(sha.digest()));
    }

    static List<DistributionPointEntry> distributionPoints(Connection c) throws SQLException {
        List<DistributionPointEntry> list = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(DP_QUERY)) {
            while (rs.next()) {
                String server = rs.getString("ServerName");
                String dpType = rs.getString("DPType");
                boolean onSiteServer = rs.getInt("IsOnSiteServer") == 1;
                boolean onSecondary = rs.getInt("IsSecondarySiteServer") == 1;
                boolean pxe = rs.getInt("IsPXE") == 1;
                boolean pull = rs.getInt("IsPullDP") == 1;
                boolean prot = rs.getInt("IsProtected") == 1;
                boolean peer = rs.getInt("IsPeerDP") == 1;
                boolean otherRoles = rs.getInt("OtherRoles") > 0;
                boolean fqdn = server.contains(".");
                boolean secondarySite = rs.getInt("SiteType") == 1;
                String kind;
                if (onSecondary) {
                    kind = "SERVER_SHARE".equals(dpType) ? "SECONDARY_SERVER_SHARE" : "SECONDARY_SITE_SERVER";
                } else if (onSiteServer) {
                    kind = "SITE_SERVER";
                } else if ("SERVER_SHARE".equals(dpType)) {
                    kind = "SERVER_SHARE";
                } else if ("BRANCH".equals(dpType)) {
                    kind = "BRANCH";
                } else if (pull) {
                    kind = "PULL";
                } else if (prot) {
                    kind = "PROTECTED";
                } else if (!fqdn) {
                    kind = "NETBIOS_ONLY";
                } else if (otherRoles) {
                    kind = "OTHER_ROLES";
                } else if (secondarySite) {
                    kind = "SECONDARY_STANDARD";
                } else if (pxe) {
                    kind = "PXE";
                } else {
                    kind = "STANDARD";
                }
                list.add(new DistributionPointEntry(rs.getString("NALPath"), server, rs.getString("SiteCode"), dpType, kind, fqdn, onSiteServer,
                        onSecondary, otherRoles, pxe, pull, prot, peer, rs.getInt("Packages")));
            }
        }
        return list;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
