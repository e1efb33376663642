package io.cmmigration.localstack;

import io.cmmigration.testsupport.kafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system as real processes: a standalone KRaft broker, the four packaged services (each with its own
 * database(s) on the real PostgreSQL), started in parallel. Closing it stops everything and drops the databases.
 */
public final class MigrationStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("gathering-service", "job-service", "dp-share-service", "monitoring-service");

    private final String runId = UUID.randomUUID().toString().substring(0, 6);
    private final Path projectRoot;
    private final Path workDir;
    private final DatabaseServer db;
    private final Map<String, Integer> fixedPorts;
    private final int kafkaPort;
    private final List<String> databases = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> configs = new HashMap<>();
    private final Map<String, Map<String, String>> extraConfig = new HashMap<>();
    private final List<ServiceProcess> replicas = new ArrayList<>();
    private BrokerProcess broker;
    private boolean dropDatabasesOnClose = true;
    private JvmProfile jvm = JvmProfile.fastStart();

    /**
     * @param projectRoot where the service modules are (their target/quarkus-app-local applications are started)
     * @param workDir     logs and broker data
     * @param db          where the services' databases are created
     * @param ports       fixed HTTP ports per service (local run) or empty for free ports (tests)
     * @param kafkaPort   fixed broker port or 0 for a free one
     */
    public MigrationStack(Path projectRoot, Path workDir, DatabaseServer db, Map<String, Integer> ports, int kafkaPort) {
        this.projectRoot = projectRoot.toAbsolutePath().normalize();
        this.workDir = workDir.toAbsolutePath().normalize();
        this.db = db;
        this.fixedPorts = ports;
        this.kafkaPort = kafkaPort;
    }

    /** Project root from the system property cmm.project.root (set by the build), else the parent directory. */
    public static Path defaultProjectRoot() {
        return Path.of(System.getProperty("cmm.project.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * Sets a configuration property of one service (passed as a system property, so it wins over the packaged
     * application.properties); call before {@link #start()}. The system tests use it for shorter leases and smaller job
     * chunks, so that a kill -9 lands in the middle of a run and the takeover is quick.
     */
    public MigrationStack configure(String service, String key, String value) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("unknown service " + service + "; one of " + SERVICES);
        }
        extraConfig.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    /** The JVM options of every service process (default {@link JvmProfile#fastStart()}); call before {@link #start()}. */
    public MigrationStack jvm(JvmProfile profile) {
        this.jvm = profile;
        return this;
    }

    /** The local run on an embedded server keeps its databases (the server's data directory is fresh at every start). */
    public MigrationStack keepDatabasesOnClose() {
        this.dropDatabasesOnClose = false;
        return this;
    }

    public Path workDir() {
        return workDir;
    }

    public DatabaseServer databaseServer() {
        return db;
    }

    public MigrationStack start() throws Exception {
        broker = new BrokerProcess(workDir.resolve("kafka-data-" + runId), workDir, kafkaPort).start();
        for (String svc : SERVICES) {
            Map<String, String> cfg = new LinkedHashMap<>();
            cfg.put("kafka.bootstrap.servers", broker.bootstrap());
            datasource(cfg, "quarkus.datasource.", svc.replace("-service", "").replace("-", ""));
            if (svc.equals("job-service")) {
                datasource(cfg, "quarkus.datasource.destination.", "destination");
            }
            cfg.putAll(extraConfig.getOrDefault(svc, Map.of()));
            configs.put(svc, cfg);
            int port = fixedPorts.getOrDefault(svc, 0) > 0 ? fixedPorts.get(svc) : TestKafka.freePort();
            services.put(svc, new ServiceProcess(svc, port, cfg, projectRoot, workDir, jvm));
        }
        for (ServiceProcess p : services.values()) {
            p.start();
        }
        for (ServiceProcess p : services.values()) {
            p.awaitReady(Duration.ofSeconds(120));
        }
        return this;
    }

    private void datasource(Map<String, String> cfg, String prefix, String purpose) {
        String name = db.create(purpose);
        databases.add(name);
        cfg.put(prefix + "jdbc.url", db.url(name));
        cfg.put(prefix + "username", db.user());
        cfg.put(prefix + "password", db.password());
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public String url(String name) {
        return services.get(name).baseUrl();
    }

    public String databaseOf(String name, String prefix) {
        String url = configs.get(name).get(prefix + "jdbc.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** Restarts a service on the same port and databases (after a kill -9 drill). */
    public ServiceProcess restart(String name) throws Exception {
        ServiceProcess old = services.get(name);
        old.close();
        ServiceProcess fresh = new ServiceProcess(name, old.port, configs.get(name), projectRoot, workDir, jvm).start().awaitReady(Duration.ofSeconds(120));
        services.put(name, fresh);
        return fresh;
    }

    /**
     * Starts one more replica of a service (same databases, same consumer groups, its own port and log
     * {@code <name>-<n>.log}), as a second pod would run: replicas share the work through Kafka partitions and
     * database leases. Stopped with the stack or by {@link #stopReplicas()}.
     */
    public ServiceProcess addReplica(String name) throws Exception {
        int n = 2 + (int) replicas.stream().filter(r -> r.name.equals(name)).count();
        ServiceProcess replica = new ServiceProcess(name, name + "-" + n, TestKafka.freePort(), configs.get(name), projectRoot, workDir, jvm).start()
                .awaitReady(Duration.ofSeconds(120));
        replicas.add(replica);
        return replica;
    }

    /** Stops every replica started by {@link #addReplica}, gracefully. */
    public void stopReplicas() throws InterruptedException {
        for (ServiceProcess r : replicas) {
            r.close();
        }
        replicas.clear();
    }

    public BrokerProcess broker() {
        return broker;
    }

    @Override
    public void close() throws Exception {
        // Stop every service at once (each gets up to 15 s to stop gracefully): one after another took ~40 s.
        List<ServiceProcess> all = new ArrayList<>(replicas);
        all.addAll(services.values());
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess p : all) {
            Thread t = new Thread(() -> {
                try {
                    p.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-" + p.name);
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            t.join();
        }
        replicas.clear();
        if (broker != null) {
            broker.close();
        }
        if (dropDatabasesOnClose) {
            databases.forEach(db::drop);
        }
    }
}
