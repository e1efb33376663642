package io.cmmigration.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a service process is started with.
 *
 * <ul>
 * <li>{@link #fastStart()}: system tests and the local run. Small heap, serial GC, C1 only: four services and a
 * broker start in seconds on 2 cores, and nothing runs long enough for C2 to pay off.</li>
 * <li>{@link #production(Path, Path)}: the benchmark. The JVM a pod runs: full tiered compilation (C2), and the memory
 * the deployment gives the container ({@code resources.limits.memory} of {@code deploy/base/services/<service>.yaml})
 * with the image's {@code -XX:MaxRAMPercentage=75} (Dockerfile.jvm), so heap size and GC choice follow the same
 * ergonomics as in the cluster. Measuring the product with C1-only code would understate every CPU-bound figure.</li>
 * </ul>
 * Either can record a JFR profile per process ({@link #withFlightRecording}), written when the process stops.
 */
public final class JvmProfile {

    private static final Pattern LIMIT = Pattern.compile("limits:\\s*\\n\\s*memory:\\s*(\\d+)(Mi|Gi)");

    private final String name;
    private final java.util.function.BiFunction<String, String, List<String>> options;

    private JvmProfile(String name, java.util.function.BiFunction<String, String, List<String>> options) {
        this.name = name;
        this.options = options;
    }

    public static JvmProfile fastStart() {
        return new JvmProfile("fast-start", (service, instance) -> List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** @param projectRoot where {@code deploy/base/services} is */
    public static JvmProfile production(Path projectRoot) {
        return new JvmProfile("production", (service, instance) -> List.of("-XX:MaxRAM=" + memoryLimitMb(projectRoot, service) + "m",
                "-XX:MaxRAMPercentage=75"));
    }

    /** The same options plus a JFR recording per process ({@code <dir>/<instance>.jfr}, profile settings; written when the process stops gracefully). */
    public JvmProfile withFlightRecording(Path dir) {
        JvmProfile base = this;
        return new JvmProfile(name + "+jfr", (service, instance) -> {
            List<String> all = new ArrayList<>(base.options.apply(service, instance));
            all.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + dir.toAbsolutePath().resolve(instance + ".jfr"));
            return all;
        });
    }

    /** @param instance the process's own name (the service, or e.g. job-service-2 for a replica) */
    public List<String> options(String service, String instance) {
        return options.apply(service, instance);
    }

    public String name() {
        return name;
    }

    /** The container memory limit of a service's deployment, in MiB. */
    static long memoryLimitMb(Path projectRoot, String service) {
        Path yaml = projectRoot.resolve("deploy/base/services/" + service + ".yaml");
        try {
            Matcher m = LIMIT.matcher(Files.readString(yaml));
            if (!m.find()) {
                throw new IllegalStateException("no resources.limits.memory in " + yaml);
            }
            long value = Long.parseLong(m.group(1));
            return m.group(2).toLowerCase(Locale.ROOT).equals("gi") ? value * 1024 : value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the deployment of " + service, e);
        }
    }
}
