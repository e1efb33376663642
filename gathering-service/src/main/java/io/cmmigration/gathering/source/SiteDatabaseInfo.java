package io.cmmigration.gathering.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a site database says about its hierarchy: the site it belongs to ({@code v_Identification.ThisSiteCode}, or the
 * {@code v_Site} row whose server is the one the administrator named) and every site listed in {@code v_Site}.
 */
public record SiteDatabaseInfo(String thisSiteCode, List<SiteRow> sites) {

    /** One row of v_Site. {@code type}: 1 secondary, 2 primary, 4 central administration site. */
    public record SiteRow(String siteCode, String siteName, String serverName, String version, String parentSiteCode, int type) {
        public boolean isTop() {
            return parentSiteCode == null;
        }

        public String typeName() {
            return switch (type) {
                case 1 -> "SECONDARY";
                case 2 -> "PRIMARY";
                case 4 -> "CENTRAL_ADMINISTRATION";
                default -> "TYPE_" + type;
            };
        }
    }

    public SiteRow thisSite() {
        return site(thisSiteCode);
    }

    public SiteRow site(String code) {
        return sites.stream().filter(s -> s.siteCode().equalsIgnoreCase(code)).findFirst().orElse(null);
    }

    /** Reads v_Site (and v_Identification where the database has it) over an auto-commit connection. */
    public static SiteDatabaseInfo read(Connection c, String expectedServer, int queryTimeoutSeconds) {
        List<SiteRow> sites = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet rs = s.executeQuery("SELECT SiteCode, SiteName, ServerName, Version, ReportingSiteCode, Type FROM v_Site")) {
                while (rs.next()) {
                    String parent = rs.getString(5);
                    sites.add(new SiteRow(trim(rs.getString(1)), rs.getString(2), rs.getString(3), trim(rs.getString(4)),
                            parent == null || parent.isBlank() ? null : parent.trim(), rs.getInt(6)));
                }
            }
        } catch (SQLException e) {
            throw SourceFailure.of(e, "reading v_Site");
        }
        if (sites.isEmpty()) {
            throw new SourceFailure(GatheringStatus.FAILED_SQL, "v_Site of the source database lists no site: not a ConfigMgr site database");
        }
        String thisSite = null;
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet rs = s.executeQuery("SELECT ThisSiteCode FROM v_Identification")) {
                if (rs.next()) {
                    thisSite = trim(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            // Older databases or restricted accounts: fall back to the server the administrator named.
            rollbackQuietly(c);
        }
        if (thisSite == null && expectedServer != null) {
            String server = expectedServer.toLowerCase(Locale.ROOT);
            thisSite = sites.stream().filter(r -> r.serverName() != null && (r.serverName().equalsIgnoreCase(server)
                    || r.serverName().toLowerCase(Locale.ROOT).startsWith(server + "."))).map(SiteRow::siteCode).findFirst().orElse(null);
        }
        if (thisSite == null) {
            thisSite = sites.stream().filter(SiteRow::isTop).map(SiteRow::siteCode).findFirst().orElse(sites.get(0).siteCode());
        }
        return new SiteDatabaseInfo(thisSite, List.copyOf(sites));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the next statement reports a broken connection
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
