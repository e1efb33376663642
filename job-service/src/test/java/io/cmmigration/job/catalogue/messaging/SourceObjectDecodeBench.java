package io.cmmigration.job.catalogue.messaging;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.job.catalogue.domain.SourceObject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement, not a test (-Dcmm.bench=true): CPU time and allocation per record of turning a source-object record into
 * what the catalogue stores, the streaming decoder against decoding the event and writing its documents again (the path
 * before it), alternating in one JVM after a warm-up. Thread CPU time, so other load on the machine does not count.
 */
@EnabledIfSystemProperty(named = "cmm.bench", matches = "true")
class SourceObjectDecodeBench {

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A ConfigMgr-like row: ~40 columns of strings, numbers, dates and nulls, plus an embedded child list. */
    private static String record(int i) {
        Map<String, Object> a = new LinkedHashMap<>();
        for (int c = 0; c < 40; c++) {
            switch (c % 5) {
                case 0 -> a.put("Column" + c, "value " + i + " of column " + c + " \\\\server\\share\\path");
                case 1 -> a.put("Flags" + c, i * 31 + c);
                case 2 -> a.put("Date" + c, "2019-03-0" + (1 + c % 9) + "T08:00:00");
                case 3 -> a.put("Empty" + c, null);
                default -> a.put("Text" + c, "Déploiement «" + i + "» ✓");
            }
        }
        a.put("programs", List.of(Map.of("ProgramName", "Install", "CommandLine", "setup.exe /q /norestart", "ProgramFlags", 8192),
                Map.of("ProgramName", "Uninstall", "CommandLine", "setup.exe /x /q", "ProgramFlags", 8192)));
        List<ObjectReference> refs = List.of(new ObjectReference("collection", ObjectType.COLLECTION, "BEN", "BEN0000" + (i % 9), true),
                new ObjectReference("package", ObjectType.PACKAGE, "BEN", "BEN1" + i, false));
        return EventCodec.encode(SourceObjectEvent.of(ChangeKind.DISCOVERED, "BEN", "BEN", ObjectType.PACKAGE, "BEN" + i, "Package " + i, 3L,
                "fp-" + i, Instant.now(), "run", a, refs));
    }

    @Test
    void decodeCostPerRecord() {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            records.add(record(i));
        }
        System.out.printf("BENCH decode: %d records, %.0f characters each%n", records.size(), records.stream().mapToInt(String::length).average().orElse(0));
        for (int warm = 0; warm < 3; warm++) {
            run(records, false);
            run(records, true);
        }
        double[] old = new double[2];
        double[] fast = new double[2];
        for (int round = 0; round < 5; round++) {
            add(old, run(records, false));
            add(fast, run(records, true));
        }
        System.out.printf("BENCH decode per record: decode+write %.2f µs, %.0f bytes allocated; streaming %.2f µs, %.0f bytes; ratio CPU %.2f, allocation %.2f%n",
                old[0] / 5, old[1] / 5, fast[0] / 5, fast[1] / 5, fast[0] / old[0], fast[1] / old[1]);
    }

    private static void add(double[] sum, double[] x) {
        sum[0] += x[0];
        sum[1] += x[1];
    }

    /** @return {µs CPU per record, bytes allocated per record} */
    private static double[] run(List<String> records, boolean streaming) {
        long id = Thread.currentThread().getId();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long alloc0 = THREADS.getThreadAllocatedBytes(id);
        long sink = 0;
        for (String r : records) {
            SourceObject o = streaming ? SourceObjectDecoder.decode(r) : SourceObject.of(EventCodec.decode(r, SourceObjectEvent.class));
            sink += o.attributesJson().length() + o.referencesJson().length();
        }
        if (sink == 0) {
            throw new AssertionError();
        }
        return new double[] {(THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / records.size(), (double) (THREADS.getThreadAllocatedBytes(id) - alloc0) / records.size()};
    }
}
