package io.cmmigration.gathering.run;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.DistributionPointEvent;
import io.cmmigration.events.DistributionPointEvent.HostedPackage;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.gathering.source.SiteDatabaseInfo;
import io.cmmigration.gathering.source.SourceFailure;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Distribution points with everything dp-share-service needs (spec §4): v_DistributionPointInfo for the DP itself,
 * v_Site for "on a site server" / "on a secondary site server", v_SystemResourceList for other roles on the host,
 * v_SiteClientRequestPorts for the ports of its site, v_BoundarySiteSystems for the boundaries of a protected DP, and
 * v_PackageStatusDistPointsSumm (with v_Package for sizes) for the hosted packages and their source versions. Published
 * with the same change detection as objects (state type {@value #STATE_TYPE}).
 */
final class DistributionPointReader {

    static final String STATE_TYPE = "DISTRIBUTION_POINT";
    private static final int CHUNK = 200;
    /** Roles every site system has; they do not count as "other roles" on a DP host. */
    private static final Set<String> BASE_ROLES = Set.of("sms distribution point", "sms site system", "sms component server");

    private final RunContext ctx;
    private final SiteDatabaseInfo sites;
    /** The stored DP state (one streaming query), or null on a first run. */
    private StoredState stored;

    DistributionPointReader(RunContext ctx, SiteDatabaseInfo sites) {
        this.ctx = ctx;
        this.sites = sites;
    }

    private record Dp(String nalPath, String serverName, String siteCode, String dpType, boolean pull, boolean pxe, boolean protectedDp,
            Long mbytesFree, String operatingSystem) {
    }

    /**
     * How the hosted packages are read: in full with the hash computed here over the whole DP (sources without
     * database row hashes), in full with the database's hash of each package row, or (hash pass) as one row per DP
     * with the database's sum of its package rows' hashes.
     */
    enum Mode {
        FULL_JAVA_HASH, FULL, HASHES
    }

    /** What the package stream gave for one NAL path. */
    private record Hosted(List<HostedPackage> packages, long childHash) {
    }

    void gather() {
        long[] counts = ctx.counts(STATE_TYPE);
        stored = ctx.hasState ? ctx.store.storedState(ctx.siteId, STATE_TYPE) : null;
        if (stored != null && stored.size() == 0) {
            stored = null;
        }
        KeySet seen;
        String current = "v_SiteClientRequestPorts";
        try {
            Map<String, int[]> ports = ports();
            boolean dbHashes = ctx.dialect().hashesRows();
            seen = null;
            if (stored != null && dbHashes) {
                // The hash pass: 500 DPs and one row per DP for their 66,546 package rows (standard) instead of the rows;
                // only when some DP is new or its hashes moved are the packages read in full.
                seen = read(Mode.HASHES, ports, counts);
            }
            if (seen == null) {
                seen = read(dbHashes ? Mode.FULL : Mode.FULL_JAVA_HASH, ports, counts);
            }
        } catch (SQLException e) {
            throw SourceFailure.of(e, "reading distribution points (" + current + ")");
        }
        if (stored != null && stored.unseen() > 0) { // the stored keys are streamed only when some DP is gone
            List<String> removed = new ArrayList<>();
            KeySet present = seen;
            ctx.store.storedKeys(ctx.siteId, STATE_TYPE, key -> {
                if (!present.contains(key)) {
                    removed.add(key);
                }
            });
            for (String key : removed) {
                int slash = key.indexOf('/');
                String site = key.substring(0, slash);
                String nal = key.substring(slash + 1);
                ctx.delivery.send(new DistributionPointEvent(MigrationEvent.newId(), DistributionPointEvent.SCHEMA_VERSION, Instant.now(),
                        ChangeKind.REMOVED, ctx.hierarchyId, site, nal, serverFromNal(nal), false, null, false, false, List.of(), false, false,
                        false, List.of(), null, null, null, null, List.of(), ctx.runId));
                ctx.pending.add(STATE_TYPE, key, null, ChangeKind.REMOVED.name());
                counts[3]++;
            }
        }
        counts[0] = seen.size();
    }

    /** The hosted packages' query; with database hashes each row (or, for the hash pass, each DP's sum) carries its hash. */
    private String packagesSql(Mode mode, CatalogueReader.KeyOrder order) throws SQLException {
        String rows = "SELECT s.ServerNALPath, s.PackageID, s.SourceVersion, p.SourceSize FROM v_PackageStatusDistPointsSumm s "
                + "LEFT JOIN v_Package p ON p.PackageID = s.PackageID";
        SourceDialect dialect = ctx.dialect();
        String hash = mode == Mode.FULL_JAVA_HASH ? null : dialect.rowHash("c", 1);
        return switch (mode) {
            case FULL_JAVA_HASH -> rows + " ORDER BY " + order.orderBy("s.ServerNALPath");
            case FULL -> "SELECT c.*, " + hash + " AS " + CatalogueReader.HASH_COLUMN + " FROM (" + rows + ") c ORDER BY "
                    + order.orderBy("c.ServerNALPath");
            case HASHES -> "SELECT h.ServerNALPath, " + dialect.sum("h." + CatalogueReader.HASH_COLUMN) + " AS " + CatalogueReader.HASH_COLUMN
                    + " FROM (SELECT c.ServerNALPath, " + hash + " AS " + CatalogueReader.HASH_COLUMN + " FROM (" + rows + ") c) h GROUP BY "
                    + "h.ServerNALPath ORDER BY " + order.orderBy("h.ServerNALPath");
        };
    }

    /**
     * One pass over the DPs, merged with their hosted packages and protected boundaries (all ordered by NAL path, each
     * view read once). Publishes what is new or changed (full modes); the hash pass returns null as soon as some DP is
     * new or its hashes moved (the caller then reads in full), else the keys of the DPs present.
     */
    private KeySet read(Mode mode, Map<String, int[]> ports, long[] counts) throws SQLException {
        KeySet seen = new KeySet();
        String current = "v_DistributionPointInfo";
        try {
            CatalogueReader.KeyOrder order = CatalogueReader.KeyOrder.of(ctx, "SELECT * FROM v_DistributionPointInfo", "NALPath");
            Map<String, Hosted> hosted = new HashMap<>();
            Map<String, Set<String>> boundaries = new HashMap<>();
            current = "v_PackageStatusDistPointsSumm";
            try (CatalogueReader.ChildStream packageRows = new CatalogueReader.ChildStream(0, ctx.stream(0), packagesSql(mode, order), List.of(),
                    "ServerNALPath", order, mode != Mode.FULL_JAVA_HASH, 2000, ctx.queryTimeoutSeconds);
                    CatalogueReader.ChildStream boundaryRows = openBoundaries(order);
                    Statement s = ctx.main.createStatement()) {
                current = "v_DistributionPointInfo";
                s.setFetchSize(1000);
                s.setQueryTimeout(ctx.queryTimeoutSeconds);
                try (ResultSet rs = s.executeQuery("SELECT * FROM v_DistributionPointInfo ORDER BY " + order.orderBy("NALPath"))) {
                    ResultSetMetaData md = rs.getMetaData();
                    Map<String, Integer> idx = new HashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        idx.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
                    }
                    List<Dp> chunk = new ArrayList<>();
                    while (rs.next()) {
                        Dp dp = new Dp(str(rs, idx, "nalpath"), str(rs, idx, "servername"), str(rs, idx, "sitecode"), str(rs, idx, "dptype"),
                                flag(rs, idx, "ispulldp"), flag(rs, idx, "ispxe"), flag(rs, idx, "isprotected"), lng(rs, idx, "mbytesfree"),
                                str(rs, idx, "operatingsystem"));
                        if (dp.nalPath() == null || dp.serverName() == null || !seen.add(stateKey(dp))) {
                            continue;
                        }
                        current = "v_PackageStatusDistPointsSumm, v_BoundarySiteSystems";
                        List<HostedPackage> packages = new ArrayList<>();
                        long childHash = 0;
                        for (Object[] row : packageRows.rowsFor(dp.nalPath())) {
                            childHash += packageRows.hashedContribution(row);
                            if (mode == Mode.HASHES) {
                                continue;
                            }
                            String packageId = CatalogueReader.keyOf(row[1]);
                            if (packageId == null) {
                                continue;
                            }
                            long version = row[2] instanceof Number n ? n.longValue() : 0L;
                            Long mb = row[3] instanceof Number kb ? (kb.longValue() + 1023) / 1024 : null;
                            packages.add(new HostedPackage(packageId, version, mb));
                        }
                        hosted.put(dp.nalPath(), new Hosted(packages, childHash));
                        for (Object[] row : boundaryRows.rowsFor(dp.nalPath())) {
                            String boundary = CatalogueReader.keyOf(row[1]);
                            if (boundary != null) {
                                boundaries.computeIfAbsent(dp.nalPath(), k -> new TreeSet<>(Comparator.comparing(CatalogueReader::keyOf))).add(boundary);
                            }
                        }
                        current = "v_DistributionPointInfo";
                        chunk.add(dp);
                        if (chunk.size() == CHUNK) {
                            current = "v_SystemResourceList";
                            if (!process(mode, chunk, ports, counts, hosted, boundaries)) {
                                return null;
                            }
                            chunk.clear();
                            hosted.clear();
                            boundaries.clear();
                            current = "v_DistributionPointInfo";
                        }
                    }
                    current = "v_SystemResourceList";
                    if (!process(mode, chunk, ports, counts, hosted, boundaries)) {
                        return null;
                    }
                }
            } finally {
                ctx.endStreams();
            }
        } catch (SQLException e) {
            throw SourceFailure.of(e, "reading distribution points (" + current + ")");
        }
        return seen;
    }

    private CatalogueReader.ChildStream openBoundaries(CatalogueReader.KeyOrder order) throws SQLException {
        return new CatalogueReader.ChildStream(1, ctx.stream(1), "SELECT ServerNALPath, BoundaryID FROM v_BoundarySiteSystems ORDER BY "
                + order.orderBy("ServerNALPath"), List.of(), "ServerNALPath", order, false, 2000, ctx.queryTimeoutSeconds);
    }

    /**
     * Decides about a chunk of DPs (hash of everything the event carries; the packages' part from the database in the
     * modes with database hashes). Returns false in the hash pass as soon as a DP is new or changed.
     */
    private boolean process(Mode mode, List<Dp> chunk, Map<String, int[]> ports, long[] counts, Map<String, Hosted> hosted,
            Map<String, Set<String>> boundaries) throws SQLException {
        if (chunk.isEmpty()) {
            return true;
        }
        ctx.heartbeat();
        List<String> servers = chunk.stream().map(Dp::serverName).distinct().toList();
        Map<String, Set<String>> roles = new HashMap<>();
        query("SELECT ServerName, RoleName FROM v_SystemResourceList WHERE ServerName IN (" + CatalogueReader.marks(servers.size()) + ")", servers,
                rs -> roles.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), k -> new TreeSet<>()).add(rs.getString(2)));
        for (Dp dp : chunk) {
            SiteDatabaseInfo.SiteRow hostSite = sites.sites().stream()
                    .filter(s -> s.serverName() != null && s.serverName().equalsIgnoreCase(dp.serverName())).findFirst().orElse(null);
            List<String> otherRoles = roles.getOrDefault(dp.serverName().toLowerCase(Locale.ROOT), Set.of()).stream()
                    .filter(r -> !BASE_ROLES.contains(r.toLowerCase(Locale.ROOT))).toList();
            List<String> protectedBoundaries = dp.protectedDp() ? List.copyOf(boundaries.getOrDefault(dp.nalPath(), Set.of())) : List.of();
            Hosted h = hosted.getOrDefault(dp.nalPath(), new Hosted(List.of(), 0L));
            List<HostedPackage> packages = new ArrayList<>(h.packages());
            packages.sort(Comparator.comparing(HostedPackage::packageId));
            int[] p = dp.siteCode() == null ? null : ports.get(dp.siteCode());
            String site = dp.siteCode() == null ? ctx.siteCode : dp.siteCode();
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("dp", dp);
            content.put("site", site);
            content.put("hostSite", hostSite == null ? null : hostSite.siteCode() + ":" + hostSite.type());
            content.put("roles", otherRoles);
            content.put("boundaries", protectedBoundaries);
            content.put("packages", packages);
            content.put("ports", p == null ? null : List.of(p[0], p[1]));
            String key = stateKey(dp);
            // A cheap hash of everything the event carries decides "unchanged" without encoding (as for objects).
            long hash = RowHash.of(new Object[] {dp.nalPath(), dp.serverName(), dp.siteCode(), dp.dpType(), dp.pull(), dp.pxe(), dp.protectedDp(),
                    dp.mbytesFree(), dp.operatingSystem(), site, content.get("hostSite"), String.join("\u0001", otherRoles),
                    String.join("\u0001", protectedBoundaries), p == null ? null : p[0] + ":" + p[1]});
            long childHash = 0L;
            if (mode == Mode.FULL_JAVA_HASH) {
                for (HostedPackage hp : packages) {
                    hash = hash * 31 + RowHash.of(new Object[] {hp.packageId(), hp.sourceVersion(), hp.sizeMBytes()});
                }
            } else {
                childHash = h.childHash(); // the database's hashes of the package rows, summed
            }
            int slot = stored == null ? -1 : stored.slot(key);
            if (slot >= 0) {
                stored.mark(slot, StoredState.SEEN);
            }
            if (slot >= 0 && stored.unchanged(slot, hash, childHash)) {
                continue;
            }
            if (mode == Mode.HASHES) {
                return false;
            }
            String fingerprint = Fingerprints.of(content);
            if (slot >= 0 && stored.sameFingerprint(slot, fingerprint)) {
                ctx.pending.add(STATE_TYPE, key, fingerprint, "REFRESHED", hash, childHash);
                continue;
            }
            ChangeKind change = slot >= 0 ? ChangeKind.CHANGED : ChangeKind.DISCOVERED;
            ctx.delivery.send(new DistributionPointEvent(MigrationEvent.newId(), DistributionPointEvent.SCHEMA_VERSION, Instant.now(), change,
                    ctx.hierarchyId, site, dp.nalPath(), dp.serverName(), dp.serverName().contains("."), dp.dpType(), hostSite != null,
                    hostSite != null && hostSite.type() == 1, otherRoles, dp.pull(), dp.pxe(), dp.protectedDp(), protectedBoundaries,
                    dp.mbytesFree(), dp.operatingSystem(), p == null ? null : p[0], p == null ? null : p[1], List.copyOf(packages), ctx.runId));
            ctx.pending.add(STATE_TYPE, key, fingerprint, change.name(), hash, childHash);
            counts[change == ChangeKind.DISCOVERED ? 1 : 2]++;
        }
        return true;
    }

    private Map<String, int[]> ports() throws SQLException {
        Map<String, int[]> ports = new HashMap<>();
        try (Statement s = ctx.side.createStatement()) {
            s.setQueryTimeout(ctx.queryTimeoutSeconds);
            try (ResultSet rs = s.executeQuery("SELECT SiteCode, HttpPort, HttpsPort FROM v_SiteClientRequestPorts")) {
                while (rs.next()) {
                    ports.put(rs.getString(1).trim(), new int[] {rs.getInt(2), rs.getInt(3)});
                }
            }
        }
        return ports;
    }

    private interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<String> params, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = ctx.side.prepareStatement(sql)) {
            ps.setQueryTimeout(ctx.queryTimeoutSeconds);
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.accept(rs);
                }
            }
        }
    }

    private static String stateKey(Dp dp) {
        return (dp.siteCode() == null ? "" : dp.siteCode()) + "/" + dp.nalPath();
    }

    /** Server of a NAL path such as {@code ["Display=\\srv\"]MSWNET:["SMS_SITE=P01"]\\srv\}. */
    static String serverFromNal(String nal) {
        int end = nal.lastIndexOf('\\', nal.length() - 2);
        int start = nal.lastIndexOf("\\\\");
        if (start >= 0) {
            String rest = nal.substring(start + 2);
            int slash = rest.indexOf('\\');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        return end < 0 ? nal : nal.substring(end + 1);
    }

    private static String str(ResultSet rs, Map<String, Integer> idx, String col) throws SQLException {
        Integer i = idx.get(col);
        if (i == null) {
            return null;
        }
        String s = rs.getString(i);
        return s == null ? null : s.trim();
    }

    private static boolean flag(ResultSet rs, Map<String, Integer> idx, String col) throws SQLException {
        Integer i = idx.get(col);
        return i != null && rs.getInt(i) != 0;
    }

    private static Long lng(ResultSet rs, Map<String, Integer> idx, String col) throws SQLException {
        Integer i = idx.get(col);
        if (i == null) {
            return null;
        }
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }
}
