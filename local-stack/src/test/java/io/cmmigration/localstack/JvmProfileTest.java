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
        List<String> job = production.options("job-service", "job-service");
        // run-java.sh's defaults first (the parallel collector), then the image's JAVA_OPTS_APPEND, then the container's memory.
        assertEquals(JvmProfile.RUN_JAVA_DEFAULTS, job.subList(0, JvmProfile.RUN_JAVA_DEFAULTS.size()));
        assertTrue(job.contains("-XX:+UseParallelGC"), job.toString());
        assertEquals("-XX:MaxRAM=1536m", job.get(job.size() - 1));
        assertEquals("-XX:MaxRAM=1024m", production.options("gathering-service", "gathering-service").get(JvmProfile.RUN_JAVA_DEFAULTS.size()
                + JvmProfile.imageOptions(ROOT, "gathering-service").size()));
        // The image's heap share overrides run-java.sh's 50 % (the later option wins in the JVM).
        assertTrue(job.lastIndexOf("-XX:MaxRAMPercentage=75") > job.indexOf("-XX:MaxRAMPercentage=50.0"), job.toString());
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
