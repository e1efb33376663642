package io.cmmigration.gathering.run;

import io.cmmigration.events.EventCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer with the few JSON writes the object encoding needs, producing exactly the bytes the event
 * codec's Jackson generator writes for the same values (the fingerprint covers these bytes, so they must not change):
 * strings with Jackson's default escapes ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other control characters and
 * every UTF-16 surrogate as {@code \\uXXXX} with upper-case hex, everything else as UTF-8), integers and
 * {@link BigDecimal#toString()}, finite doubles as {@link Double#toString(double)}, ISO local date-times; any other value
 * is written by the codec's mapper. Replaces the generator on the encoding thread: no per-value state checks, no
 * char-buffer copy of each string (JsonBytesTest compares both, character by character).
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII character: 0 = as is, a letter = two-character escape, -1 = six-character escape. */
    private static final byte[] ESCAPES = new byte[128];
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    static {
        for (int i = 0; i < 32; i++) {
            ESCAPES[i] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private byte[] buf;
    private int len;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        len = 0;
    }

    int size() {
        return len;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The bytes from {@code from} to the end as text. */
    String text(int from) {
        return new String(buf, from, len - from, StandardCharsets.UTF_8);
    }

    void truncate(int length) {
        len = length;
    }

    void write(byte b) {
        if (len == buf.length) {
            grow(1);
        }
        buf[len++] = b;
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    void write(byte[] b, int off, int n) {
        if (len + n > buf.length) {
            grow(n);
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void writeNull() {
        write(NULL);
    }

    void writeBoolean(boolean b) {
        write(b ? TRUE : FALSE);
    }

    /** Characters known to be ASCII without anything to escape (numbers, UUIDs, ISO times), unquoted. */
    void writeAscii(String s) {
        int n = s.length();
        if (len + n > buf.length) {
            grow(n);
        }
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void writeLong(long v) {
        writeAscii(Long.toString(v));
    }

    /** A JSON string value, or null. */
    void writeString(String s) {
        if (s == null) {
            writeNull();
            return;
        }
        int n = s.length();
        if (len + n + 2 > buf.length) {
            grow(n + 2);
        }
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        int i = 0;
        // ASCII without escapes: one byte per character
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128 || ESCAPES[c] != 0) {
                break;
            }
            b[at++] = (byte) c;
        }
        len = at;
        if (i < n) {
            writeRest(s, i, n);
        }
        write((byte) '"');
    }

    private void writeRest(String s, int from, int n) {
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (len + 6 > buf.length) {
                grow(6);
            }
            byte[] b = buf;
            if (c < 128) {
                byte e = ESCAPES[c];
                if (e == 0) {
                    b[len++] = (byte) c;
                } else if (e > 0) {
                    b[len++] = '\\';
                    b[len++] = e;
                } else {
                    unicodeEscape(c);
                }
            } else if (c < 0x800) {
                b[len++] = (byte) (0xC0 | (c >> 6));
                b[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c); // what Jackson's UTF-8 generator writes for each half of a pair (and a lone half)
            } else {
                b[len++] = (byte) (0xE0 | (c >> 12));
                b[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void unicodeEscape(char c) {
        byte[] b = buf;
        b[len++] = '\\';
        b[len++] = 'u';
        b[len++] = HEX[(c >> 12) & 0xF];
        b[len++] = HEX[(c >> 8) & 0xF];
        b[len++] = HEX[(c >> 4) & 0xF];
        b[len++] = HEX[c & 0xF];
    }

    /** A value of a row as the codec's mapper writes it. */
    void writeValue(Object v) {
        if (v == null) {
            writeNull();
        } else if (v instanceof String s) {
            writeString(s);
        } else if (v instanceof Integer i) {
            writeLong(i);
        } else if (v instanceof Long l) {
            writeLong(l);
        } else if (v instanceof Boolean b) {
            writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            writeAscii(d.toString());
        } else if (v instanceof LocalDateTime t) {
            write((byte) '"');
            writeAscii(ObjectJson.isoLocal(t));
            write((byte) '"');
        } else if (v instanceof Double d && Double.isFinite(d)) {
            writeAscii(Double.toString(d));
        } else {
            try {
                write(EventCodec.mapper().writeValueAsBytes(v));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("cannot encode " + v.getClass().getName(), e);
            }
        }
    }

    private void grow(int n) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    /** {@code "name":} as bytes (a field name quoted and escaped once). */
    static byte[] fieldName(String name) {
        JsonBytes b = new JsonBytes(name.length() + 8);
        b.writeString(name);
        b.write((byte) ':');
        return b.toByteArray();
    }
}
