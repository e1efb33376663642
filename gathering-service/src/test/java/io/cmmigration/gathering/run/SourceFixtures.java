package io.cmmigration.gathering.run;

import static org.awaitility.Awaitility.await;

import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.SimulatedHierarchy;
import io.cmmigration.simulator.Size;
import io.cmmigration.simulator.SourceSiteSimulator;
import io.cmmigration.testsupport.db.TestDatabases;
import io.cmmigration.testsupport.security.TestUsers;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Simulated source hierarchies and the REST calls the tests share. */
final class SourceFixtures {

    private SourceFixtures() {
    }

    /**
     * The simulator is loaded by the application class loader under @QuarkusTest, while the test sees migration-events
     * through Quarkus' loader; its version is therefore passed by name (reflection) to avoid a linkage error.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static SimulatedHierarchy simulate(SourceVersion version, String top, String... primaries) {
        SourceSiteSimulator builder = SourceSiteSimulator.builder();
        try {
            ClassLoader simulatorLoader = SourceSiteSimulator.class.getClassLoader();
            Class versionClass = Class.forName(SourceVersion.class.getName(), true, simulatorLoader);
            SourceSiteSimulator.class.getMethod("version", versionClass).invoke(builder, Enum.valueOf(versionClass, version.name()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return builder.topSiteCode(top).primaries(primaries).secondaries()
                .size(Size.TINY).seed(7)
                .create(TestDatabases.url("postgres"), TestDatabases.USER, TestDatabases.PASSWORD,
                        "cmm_src_" + top.toLowerCase() + "_" + UUID.randomUUID().toString().substring(0, 6));
    }

    static void secret(String name, String value) {
        TestUsers.admin().contentType(ContentType.JSON).body(Map.of("value", value)).put("/api/secrets/" + name).then().statusCode(204);
    }

    static Map<String, Object> specifyBody(String server, String jdbcUrl, String user, String passwordRef, String destination) {
        return Map.of("topSite", Map.of("server", server, "jdbcUrl", jdbcUrl,
                        "databaseAccount", Map.of("username", user, "passwordRef", passwordRef),
                        "providerAccount", Map.of("username", "CONTOSO\\svc", "passwordRef", passwordRef)),
                "destinationSiteCode", destination, "gatheringIntervalMinutes", 240, "dpSharing", false);
    }

    static JsonPath hierarchy(String id) {
        return TestUsers.viewer().get("/api/hierarchies/" + id).then().statusCode(200).extract().jsonPath();
    }

    static String siteStatusPath(String site) {
        return "sites.find { it.siteCode == '" + site + "' }";
    }

    /** Waits until the site's run {@code notRunId} is over and a new one ended with {@code status}. */
    static JsonPath awaitRunEnded(String id, String site, String previousRunId, int status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonPath h = hierarchy(id);
            Map<String, Object> s = h.getMap(siteStatusPath(site));
            Object runId = s.get("runId");
            int code = (Integer) s.get("statusCode");
            return runId != null && !runId.equals(previousRunId) && (code & 0xFF) != 2 && s.get("lastRunFinishedAt") != null
                    && assertStatus(code, status, s);
        });
        return hierarchy(id);
    }

    private static boolean assertStatus(int code, int expected, Map<String, Object> site) {
        if (code != expected) {
            throw new AssertionError("run ended with " + code + " (" + site.get("statusMessage") + "), expected " + expected);
        }
        return true;
    }
}
