package io.cmmigration.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmmigration.localstack.Api;
import io.cmmigration.localstack.LocalStackMain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * job-service scale-out: the same set of concurrent object migration jobs (conflict handling OVERWRITE, so every run
 * writes every selected object again) run once against one replica and once against two. Jobs are spread over
 * replicas by their database lease (each replica runs up to {@code cmm.job.workers} jobs at a time), so the work is
 * split into several jobs balanced by object count. Clients and drivers are left out (each alone is larger than all
 * other types together and would make one job the whole run), and the set is capped at a number of objects (smallest
 * types first) so that both runs fit the harness's time budget.
 */
final class ScaleOut {

    static final Set<String> LEFT_OUT = Set.of("CLIENT", "DRIVER");

    private ScaleOut() {
    }

    /**
     * Types with their object counts in the catalogue, the smallest first up to {@code budget} objects in all, balanced
     * into {@code jobs} groups (largest first).
     */
    static List<List<String>> groups(Api monitoring, String hierarchyId, List<String> migratable, int jobs, long budget) {
        List<Map.Entry<String, Long>> counts = new ArrayList<>();
        for (JsonNode t : monitoring.get("/api/charts/objects-by-type?hierarchyId=" + hierarchyId).path("types")) {
            String type = t.path("type").asText();
            if (migratable.contains(type) && !LEFT_OUT.contains(type)) {
                counts.add(Map.entry(type, t.path("total").asLong()));
            }
        }
        // Smallest types first up to the budget, so both runs fit the harness's time budget at any size.
        counts.sort(Map.Entry.comparingByValue());
        long sum = 0;
        List<Map.Entry<String, Long>> chosen = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts) {
            if (sum + e.getValue() > budget && !chosen.isEmpty()) {
                break;
            }
            chosen.add(e);
            sum += e.getValue();
        }
        counts = chosen;
        counts.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<List<String>> groups = new ArrayList<>();
        long[] sizes = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            groups.add(new ArrayList<>());
        }
        for (Map.Entry<String, Long> e : counts) {
            int smallest = 0;
            for (int i = 1; i < jobs; i++) {
                if (sizes[i] < sizes[smallest]) {
                    smallest = i;
                }
            }
            groups.get(smallest).add(e.getKey());
            sizes[smallest] += e.getValue();
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }

    /** Creates the jobs at once, waits until all ended; returns objects written per second over the whole set. */
    static double run(Api jobs, String hierarchyId, List<List<String>> groups, String label) {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            JsonNode job = jobs.post("/api/jobs", Map.of("name", "bench scale-out " + label + " #" + (i + 1), "type", "OBJECT", "hierarchyId",
                    hierarchyId, "selection", Map.of("types", groups.get(i)), "securityScopes", List.of("Default"), "conflict", "OVERWRITE",
                    "schedule", Map.of("mode", "NOW")), 201);
            ids.add(job.path("jobId").asText());
        }
        LocalStackMain.waitFor(Duration.ofMinutes(30), Duration.ofMillis(250), () -> ids.stream().allMatch(id -> {
            String st = jobs.get("/api/jobs/" + id).path("status").asText();
            return st.equals("COMPLETED") || st.equals("FAILED") || st.equals("STOPPED");
        }));
        double seconds = Baselines.seconds(start);
        long written = ids.stream().mapToLong(id -> jobs.get("/api/jobs/" + id).path("migrated").asLong()).sum();
        return written / seconds;
    }

    static String describe(List<List<String>> groups) {
        return groups.size() + " jobs: " + String.join(" | ", groups.stream().map(g -> String.join("+", g)).sorted(Comparator.naturalOrder()).toList());
    }
}
