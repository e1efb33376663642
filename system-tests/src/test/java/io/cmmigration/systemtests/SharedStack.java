package io.cmmigration.systemtests;

import io.cmmigration.localstack.DatabaseServer;
import io.cmmigration.localstack.MigrationStack;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running system (broker process + the four packaged services on the machine's PostgreSQL) shared by every system
 * test class of the run: starting it costs about a minute on the 2-core machine, so it is started once and closed when
 * the whole test plan ends (JUnit root store). Each test class uses its own source hierarchies (own site codes), so
 * the classes do not see each other's data, except in global figures, which the tests read per hierarchy.
 *
 * <p>Settings that differ from the packaged defaults (all passed as system properties, as an operator would):
 * job-service writes chunks of 200 objects (so that a kill -9 lands between chunks of a demo-size job) with a 10 s job
 * lease; gathering-service holds a site lease of 15 s (a run whose owner was killed is taken over after that instead of
 * 60 s) and looks for due runs every 2 s; dp-share-service's simulated site-server steps take 2 s each (a move lasts
 * long enough to be interrupted) and a move's lease is 10 s (heartbeat 2 s). The packaged applications come from {@code <module>/target/quarkus-app-local} under the project root, or
 * under {@code -Dcmm.apps.root} (a copy, so that a rebuild of a module during a run cannot swap the jar under a test).
 */
public final class SharedStack implements BeforeAllCallback {

    private static MigrationStack stack;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedStack.class) {
            if (stack != null) {
                return;
            }
            Path root = MigrationStack.defaultProjectRoot();
            Path apps = Path.of(System.getProperty("cmm.apps.root", root.toString())).toAbsolutePath().normalize();
            MigrationStack s = new MigrationStack(apps, root.resolve("system-tests/target/system-stack"), DB, Map.of(), 0)
                    .configure("job-service", "cmm.job.chunk-size", "200")
                    .configure("job-service", "cmm.job.lease-seconds", "10")
                    .configure("gathering-service", "cmm.gathering.lease-seconds", "15")
                    .configure("gathering-service", "cmm.gathering.tick", "2s")
                    .configure("dp-share-service", "cmm.dp.reassignment.step-delay", "2s")
                    .configure("dp-share-service", "cmm.dp.reassignment.lease-duration", "10s")
                    .configure("dp-share-service", "cmm.dp.reassignment.heartbeat-interval", "2s");
            long t0 = System.nanoTime();
            try {
                s.start();
            } catch (Exception e) {
                s.close();
                throw e;
            }
            System.out.printf("system under test started in %.1f s (logs in %s)%n", (System.nanoTime() - t0) / 1e9, s.workDir());
            stack = s;
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("cmm-shared-stack", new Closer());
        }
    }

    /** Closes the system when JUnit closes its root store (end of the test plan). */
    private static final class Closer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws Exception {
            synchronized (SharedStack.class) {
                if (stack != null) {
                    stack.close();
                    stack = null;
                }
            }
        }
    }

    public static final DatabaseServer DB = DatabaseServer.machine();

    public static MigrationStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the shared system is not started (annotate the class with @ExtendWith(SharedStack.class))");
        }
        return stack;
    }
}
