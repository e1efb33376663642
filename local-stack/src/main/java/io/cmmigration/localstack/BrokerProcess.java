package io.cmmigration.localstack;

import io.cmmigration.testsupport.kafka.StandaloneBroker;
import io.cmmigration.testsupport.kafka.TestKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.io.Writer;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Apache Kafka broker (KRaft) in its own process, with its data on disk so that it can be killed and
 * restarted with the same topics and offsets (broker-restart drill).
 */
public final class BrokerProcess implements AutoCloseable {

    public final int port;
    private final int controllerPort = TestKafka.freePort();
    private final Path dataDir;
    private final Path workDir;
    private Process process;

    BrokerProcess(Path dataDir, Path workDir, int port) {
        this.dataDir = dataDir;
        this.workDir = workDir;
        this.port = port > 0 ? port : TestKafka.freePort();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public BrokerProcess start() throws Exception {
        Files.createDirectories(dataDir);
        Path log = workDir.resolve("kafka.log");
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(List.of(ServiceProcess.javaBin(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StandaloneBroker.class.getName(), String.valueOf(port), String.valueOf(controllerPort), dataDir.toString()))
                .redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                String line;
                while ((line = out.readLine()) != null) {
                    w.write(line);
                    w.write('\n');
                    w.flush();
                    if (line.startsWith("BROKER READY")) {
                        ready.countDown();
                    }
                }
            } catch (Exception ignored) {
                // process ended
            }
        }, "broker-log");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(90, TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker did not start, see " + log);
        }
        return this;
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
