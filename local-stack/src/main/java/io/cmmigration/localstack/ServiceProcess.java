package io.cmmigration.localstack;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service started as its own JVM process, as an operator would run it (the PostgreSQL "local" build of
 * the application, configured only by system properties). Output goes to target/system-tests/<name>.log.
 */
public final class ServiceProcess implements AutoCloseable {

    public final String name;
    public final int port;
    private final List<String> command;
    private final Path log;
    private Process process;

    ServiceProcess(String name, int port, Map<String, String> config, Path projectRoot, Path workDir, JvmProfile jvm) {
        this(name, name, port, config, projectRoot, workDir, jvm);
    }

    /** @param instance the process's own name (its log file): the service name, or e.g. job-service-2 for a replica */
    ServiceProcess(String name, String instance, int port, Map<String, String> config, Path projectRoot, Path workDir, JvmProfile jvm) {
        this.name = name;
        this.port = port;
        Path app = projectRoot.resolve(name).resolve("target/quarkus-app-local/quarkus-run.jar");
        if (!Files.exists(app)) {
            throw new IllegalStateException("packaged " + name + " missing at " + app + " (build the project first: ./mvnw package)");
        }
        command = new ArrayList<>(List.of(javaBin()));
        command.addAll(jvm.options(name, instance));
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", app.toString()));
        log = workDir.resolve(instance + ".log");
    }

    ServiceProcess start() throws IOException {
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until /q/health/ready answers 200; fails with the tail of the log otherwise. */
    public ServiceProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl() + "/q/health/ready").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail());
    }

    /** kill -9: no shutdown hooks, no graceful close. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public long pid() {
        return process.pid();
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
