package io.cmmigration.testsupport.db;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource giving the application its own databases on the real PostgreSQL server for this test run,
 * dropped when the run ends. Init arg {@code datasources} lists the datasource names (default: {@code <default>});
 * a named datasource {@code x} is configured through {@code quarkus.datasource.x.*}.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private final List<String> created = new ArrayList<>();
    private String[] datasources = {"<default>"};
    private String purpose = "svc";

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey("datasources")) {
            datasources = initArgs.get("datasources").split(",");
        }
        purpose = initArgs.getOrDefault("purpose", purpose);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String ds : datasources) {
            String name = ds.trim();
            String db = TestDatabases.create(purpose + ("<default>".equals(name) ? "" : "_" + name));
            created.add(db);
            String prefix = "<default>".equals(name) ? "quarkus.datasource." : "quarkus.datasource." + name + ".";
            config.put(prefix + "jdbc.url", TestDatabases.url(db));
            config.put(prefix + "username", TestDatabases.USER);
            config.put(prefix + "password", TestDatabases.PASSWORD);
        }
        return config;
    }

    @Override
    public void stop() {
        created.forEach(TestDatabases::drop);
        created.clear();
    }
}
