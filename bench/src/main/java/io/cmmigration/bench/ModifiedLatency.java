package io.cmmigration.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmmigration.localstack.Api;
import io.cmmigration.localstack.LocalStackMain;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * End to end: an administrator edits a migrated package in the source site; how long until the dashboard API shows it
 * as Modified? Gathering runs every minute (the shortest schedule), so the figure is dominated by where in the
 * gathering cycle the change lands; the changes are therefore spread over a few cycles at random offsets.
 *
 * <p>Mechanism: each change renames one migrated package (SMSPackages, as the console does: new name, SourceVersion+1,
 * LastRefreshTime advanced). A poller reads the dashboard's objects-by-type chart data (monitoring-service) every
 * 200 ms and records when the PACKAGE/MODIFIED count rises. Gathering detects a change no later than any change made
 * after it, so the i-th rise of the count belongs to the i-th change.
 */
final class ModifiedLatency {

    private ModifiedLatency() {
    }

    /** Seconds from each source change until the dashboard API counts it as Modified. */
    static Stats measure(Api gathering, Api monitoring, String hierarchyId, String siteCode, String sourceUrl, String user, String password,
            int changes, Duration spread) throws Exception {
        gathering.put("/api/hierarchies/" + hierarchyId + "/sites/" + siteCode + "/schedule", Map.of("gatheringIntervalMinutes", 1), 200);
        try (Connection c = DriverManager.getConnection(sourceUrl, user, password)) {
            List<String> packages = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT PackageID FROM SMSPackages WHERE PackageType = 0 "
                    + "AND Name <> 'Configuration Manager Client Package' ORDER BY PackageID")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && packages.size() < changes) {
                        packages.add(rs.getString(1));
                    }
                }
            }
            long base = modifiedPackages(monitoring, hierarchyId);
            List<long[]> rises = new CopyOnWriteArrayList<>(); // {count, millis}
            Thread poller = new Thread(() -> {
                long last = base;
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        long now = modifiedPackages(monitoring, hierarchyId);
                        long at = System.currentTimeMillis();
                        for (long k = last + 1; k <= now; k++) {
                            rises.add(new long[] {k - base, at});
                        }
                        last = Math.max(last, now);
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // the dashboard is busy; try again
                    }
                }
            }, "modified-poller");
            poller.setDaemon(true);
            poller.start();
            long[] changedAt = new long[packages.size()];
            Random random = new Random(11);
            long spacing = spread.toMillis() / Math.max(1, packages.size());
            try (PreparedStatement upd = c.prepareStatement("UPDATE SMSPackages SET Name = left(Name, 40) || ' (edited)', "
                    + "SourceVersion = SourceVersion + 1, LastRefreshTime = (SELECT MAX(LastRefreshTime) FROM SMSPackages) + INTERVAL '1 second' "
                    + "WHERE PackageID = ?")) {
                for (int i = 0; i < packages.size(); i++) {
                    Thread.sleep(spacing / 2 + random.nextLong(Math.max(1, spacing)));
                    upd.setString(1, packages.get(i));
                    upd.executeUpdate();
                    changedAt[i] = System.currentTimeMillis();
                }
            }
            int n = packages.size();
            try {
                LocalStackMain.waitFor(Duration.ofMinutes(4), Duration.ofMillis(200), () -> rises.size() >= n);
            } catch (io.cmmigration.localstack.Api.ApiException e) {
                System.out.println("   only " + rises.size() + " of " + n + " changes were shown as Modified within 4 minutes");
            }
            poller.interrupt();
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < Math.min(n, rises.size()); i++) {
                seconds.add((rises.get(i)[1] - changedAt[i]) / 1000.0);
            }
            return new Stats(seconds);
        } finally {
            gathering.put("/api/hierarchies/" + hierarchyId + "/sites/" + siteCode + "/schedule", Map.of("gatheringIntervalMinutes", 240), 200);
        }
    }

    private static long modifiedPackages(Api monitoring, String hierarchyId) {
        for (JsonNode t : monitoring.get("/api/charts/objects-by-type?hierarchyId=" + hierarchyId).path("types")) {
            if (t.path("type").asText().equals("PACKAGE")) {
                return t.path("states").path("MODIFIED").asLong();
            }
        }
        return 0;
    }
}
