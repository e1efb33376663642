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
    void productionProfileGivesEachServiceTheMemoryOfItsDeployment() {
        JvmProfile production = JvmProfile.production(ROOT);
        assertEquals(List.of("-XX:MaxRAM=1536m", "-XX:MaxRAMPercentage=75"), production.options("job-service", "job-service"));
        assertEquals(List.of("-XX:MaxRAM=1024m", "-XX:MaxRAMPercentage=75"), production.options("gathering-service", "gathering-service"));
        for (String service : MigrationStack.SERVICES) {
            assertTrue(JvmProfile.memoryLimitMb(ROOT, service) >= 256, service);
            assertTrue(production.options(service, service).stream().noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel")),
                    "the benchmark must run the services with C2, as a pod does");
        }
    }

    @Test
    void flightRecordingWritesOneFilePerProcess(@TempDir Path dir) {
        List<String> replica = JvmProfile.fastStart().withFlightRecording(dir).options("job-service", "job-service-2");
        assertTrue(replica.contains("-XX:TieredStopAtLevel=1"));
        assertTrue(replica.get(replica.size() - 1).endsWith("filename=" + dir.resolve("job-service-2.jfr")), replica.toString());
    }
}
