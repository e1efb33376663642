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
 * <li>{@link #production(Path)}: the benchmark. The JVM a pod runs: full tiered compilation (C2), the options the image's
 * {@code run-java.sh} adds by default ({@link #RUN_JAVA_DEFAULTS}: the parallel collector and its sizing policy), then the
 * {@code -XX:} options of the service's {@code JAVA_OPTS_APPEND} (its {@code src/main/docker/Dockerfile.jvm}), and the
 * memory the deployment gives the container ({@code resources.limits.memory} of
 * {@code deploy/base/services/<service>.yaml}) as {@code -XX:MaxRAM}: heap size and GC follow the same options and
 * ergonomics as in the cluster (the last of repeated options wins, as in the container). Measuring with C1-only code,
 * or with a collector the pods do not run, would misstate every CPU-bound figure.</li>
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

    /**
     * What {@code run-java.sh} of the base image (registry.access.redhat.com/ubi9/openjdk-17-runtime,
     * {@code /opt/jboss/container/java/jvm/java-default-options}) puts before {@code JAVA_OPTS_APPEND} when neither
     * {@code JAVA_OPTS} nor its {@code GC_*} / {@code JAVA_MAX_MEM_RATIO} variables are set, as in our deployments: the
     * parallel collector, not the JVM's own choice G1.
     */
    static final List<String> RUN_JAVA_DEFAULTS = List.of("-XX:MaxRAMPercentage=50.0", "-XX:+UseParallelGC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4", "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError");

    private static final Pattern OPTS_APPEND = Pattern.compile("(?m)^ENV JAVA_OPTS_APPEND=\"([^\"]*)\"");

    /** @param projectRoot where the service modules and {@code deploy/base/services} are */
    public static JvmProfile production(Path projectRoot) {
        return new JvmProfile("production", (service, instance) -> {
            List<String> all = new ArrayList<>(RUN_JAVA_DEFAULTS);
            all.addAll(imageOptions(projectRoot, service));
            all.add("-XX:MaxRAM=" + memoryLimitMb(projectRoot, service) + "m");
            return all;
        });
    }

    /** The {@code -XX:} options of the service image's {@code JAVA_OPTS_APPEND} (system properties are the stack's own). */
    static List<String> imageOptions(Path projectRoot, String service) {
        Path dockerfile = projectRoot.resolve(service).resolve("src/main/docker/Dockerfile.jvm");
        try {
            Matcher m = OPTS_APPEND.matcher(Files.readString(dockerfile));
            if (!m.find()) {
                throw new IllegalStateException("no ENV JAVA_OPTS_APPEND in " + dockerfile);
            }
            return java.util.Arrays.stream(m.group(1).trim().split("\\s+")).filter(o -> o.startsWith("-XX:")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image of " + service, e);
        }
    }

    /** The same options plus these (benchmark experiments: {@code bench/run.sh --jvm-option ...}); the last of repeated options wins. */
    public JvmProfile withOptions(List<String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        JvmProfile base = this;
        return new JvmProfile(name + " " + String.join(" ", extra), (service, instance) -> {
            List<String> all = new ArrayList<>(base.options.apply(service, instance));
            all.addAll(extra);
            return all;
        });
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
