package io.cmmigration.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmProfileTest {

    private static final Path ROOT = Path.of(System.getProperty("cmm.project.root", "..")).toAbsolutePath().normalize();

    @Test
    void productionProfileRunsEachServiceAsItsPodDoes() {
        JvmProfile production = JvmProfile.production(ROOT);
        // As the container starts it: run-java.sh's defaults (the parallel collector), then the image's JAVA_OPTS_APPEND
        // (its -XX: options, in order), then the container's memory; in the JVM the later of two equal options wins.
        assertEquals(List.of("-XX:MaxRAMPercentage=50.0", "-XX:+UseParallelGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
                "-XX:GCTimeRatio=4", "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError",
                "-XX:MaxRAMPercentage=75", "-XX:GCTimeRatio=19", "-XX:MaxRAM=1536m"), production.options("job-service", "job-service"));
        List<String> gathering = production.options("gathering-service", "gathering-service");
        assertEquals("-XX:MaxRAM=1024m", gathering.get(gathering.size() - 1));
        for (String service : MigrationStack.SERVICES) {
            assertTrue(JvmProfile.memoryLimitMb(ROOT, service) >= 256, service);
            assertTrue(production.options(service, service).stream().noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel")),
                    "the benchmark must run the services with C2, as a pod does");
        }
    }

    @Test
    void experimentOptionsComeLastSoTheyWin() {
        List<String> options = JvmProfile.production(ROOT).withOptions(List.of("-XX:+UseSerialGC")).options("monitoring-service", "monitoring-service");
        assertEquals("-XX:+UseSerialGC", options.get(options.size() - 1));
        assertTrue(options.stream().noneMatch(o -> o.startsWith("-D")), "system properties are the stack's own: " + options);
    }

    @Test
    void flightRecordingWritesOneFilePerProcess(@TempDir Path dir) {
        List<String> replica = JvmProfile.fastStart().withFlightRecording(dir).options("job-service", "job-service-2");
        assertTrue(replica.contains("-XX:TieredStopAtLevel=1"));
        assertTrue(replica.get(replica.size() - 1).endsWith("filename=" + dir.resolve("job-service-2.jfr")), replica.toString());
    }
}
