package io.cmmigration.bench;

import io.cmmigration.localstack.MigrationStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds a process has used (user + system, from /proc/&lt;pid&gt;/stat). On a shared machine wall-clock rates move
 * with the load of everything else; the CPU a service spends per object does not, so the harness reports both.
 */
public final class Cpu {

    /** Linux clock ticks per second (USER_HZ), 100 on every mainstream kernel configuration. */
    private static final double TICKS_PER_SECOND = 100.0;

    private Cpu() {
    }

    public static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command name (which may contain spaces and parentheses): state is field 3, utime 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of every service of the stack, by service name. */
    public static Map<String, Double> ofServices(MigrationStack stack) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String svc : MigrationStack.SERVICES) {
            cpu.put(svc, seconds(stack.service(svc).pid()));
        }
        return cpu;
    }

    /** "gathering-service 19.8 s (87 µs/object), ..." for the services that used at least 0.1 s between two readings. */
    public static String spent(Map<String, Double> before, Map<String, Double> after, long objects) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double used = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (Double.isNaN(used) || used < 0.1) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(Report.num(used)).append(" s");
            if (objects > 0) {
                sb.append(" (").append(Report.num(used * 1_000_000 / objects)).append(" µs/object)");
            }
        }
        return sb.length() == 0 ? "" : "; CPU " + sb;
    }
}
