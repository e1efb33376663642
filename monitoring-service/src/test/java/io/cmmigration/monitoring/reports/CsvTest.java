package io.cmmigration.monitoring.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void cellsAreQuotedWhenNeededAndFormulasAreDefused() {
        Report r = new Report("x", "X", "", true, List.of(), List.of("a", "b", "c", "d", "e"),
                List.of(Arrays.asList("plain", "with, comma", "say \"hi\"", "=HYPERLINK(\"x\")", null),
                        Arrays.asList(-5, Instant.parse("2024-05-01T10:00:00Z"), "line\nbreak", "@SUM", "")),
                Instant.now());
        assertEquals("a,b,c,d,e\r\n"
                + "plain,\"with, comma\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",\r\n"
                + "-5,2024-05-01T10:00:00Z,\"line\nbreak\",'@SUM,\r\n", Csv.write(r));
    }
}
