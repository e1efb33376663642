package io.cmmigration.gathering.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cmmigration.events.EventCodec;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written JSON writer gives byte for byte what the codec's Jackson generator gives (fingerprints cover these
 * bytes: a single differing byte would republish every object once): every UTF-16 code unit inside a string, surrogate
 * pairs, and every kind of value a row can hold.
 */
class JsonBytesTest {

    private static byte[] jackson(Object value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = EventCodec.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            if (value instanceof String s) {
                g.writeString(s);
            } else {
                g.writeObject(value);
            }
        }
        return out.toByteArray();
    }

    private static byte[] ours(Object value) {
        JsonBytes b = new JsonBytes(4);
        b.writeValue(value);
        return b.toByteArray();
    }

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() throws Exception {
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isSurrogate((char) c)) {
                continue; // halves are checked in pairs below
            }
            String s = "a" + (char) c + "b";
            assertArrayEquals(jackson(s), ours(s), () -> "character U+" + Integer.toHexString(s.charAt(1)));
        }
        for (String s : List.of("😀", "x😀y", "𝄞 clef", "\uD83D\uDE00\uD83D\uDE01", "plain ASCII", "", "tab\tquote\"back\\slash\u0001\u001F\u007F",
                "Grüße 日本 \"quoted\" \\ back", "€uro")) {
            assertArrayEquals(jackson(s), ours(s), s);
        }
    }

    @Test
    void everyKindOfRowValueIsWrittenAsTheMapperWritesIt() throws Exception {
        List<Object> values = new ArrayList<>(List.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0L, Long.MAX_VALUE, Long.MIN_VALUE, true, false,
                new BigDecimal("1024.50"), new BigDecimal("1E+3"), new BigDecimal("-0.000001"), new BigDecimal("123456789012345678901234567890"),
                0.25d, -0.0d, 1e20d, 1.0E-7d, Double.NaN, Double.POSITIVE_INFINITY, 1.5f, LocalDateTime.of(2019, 3, 1, 8, 0, 5),
                LocalDateTime.of(2018, 1, 2, 3, 4, 0, 500_000_000), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 1), LocalDate.of(2020, 1, 31),
                LocalTime.of(13, 5, 7)));
        values.add(null);
        for (Object v : values) {
            assertArrayEquals(EventCodec.mapper().writeValueAsBytes(v), ours(v), String.valueOf(v));
        }
        assertEquals("\"Name\":", new String(JsonBytes.fieldName("Name"), java.nio.charset.StandardCharsets.UTF_8));
    }
}
