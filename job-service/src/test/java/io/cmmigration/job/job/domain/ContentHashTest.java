package io.cmmigration.job.job.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmmigration.job.support.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stored attribute document and the content hash come from one canonical serialization; the hash must stay
 * byte-identical to {@link DestinationTransformer#hash} (the Reconciler recomputes it from stored rows with that method).
 */
class ContentHashTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Map<String, Object>> awkwardDocuments() {
        List<Map<String, Object>> docs = new ArrayList<>();
        docs.add(new LinkedHashMap<>());
        docs.add(map("z", 1, "a", null, "M", "upper", "m", "lower", "", "empty key"));
        docs.add(map("nested", map("b", map("y", List.of(), "x", map()), "a", Arrays.asList(1, null, "two", map("k2", 2, "k1", 1))),
                "list", List.of(List.of(), List.of(map()), map("only", null))));
        docs.add(map("unicode", "Zürich – 東京 – \uD83D\uDE00 – \u00e9\u0301", "clé", "valeur", "ключ", "значение", "\uD83D\uDE00", "emoji key",
                "\u2028\u2029", "line separators", "bom", "\uFEFF"));
        docs.add(map("quotes", "say \"hi\" and 'bye'", "backslashes", "\\\\server\\share\\path\\", "slash", "a/b</script>",
                "control", "\u0000\u0001\u0008\t\n\u000b\f\r\u001f\u007f", "escapes in key \"\\\n", "v"));
        docs.add(map("numbers", Arrays.asList(0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, 1e300, 4096L), "booleans", List.of(true, false),
                "ProgramFlags", 0x1000L | 0x2000L, "QueryExpression", "select * from SMS_R_System where Name like \"%PC%\""));
        return docs;
    }

    @Test
    void theHashOfTheStoredCanonicalDocumentEqualsTheHashOfTheDocument() {
        List<String[]> headers = List.of(new String[] {"PACKAGE", "Office", "/Apps/Office"}, new String[] {"COLLECTION", null, null},
                new String[] {"ORGANIZATIONAL_FOLDER", "Quote \" and \\ back\tslash\u0000", "/Ünïcödé/\uD83D\uDE00/\u2028"},
                new String[] {"APPLICATION", "", ""});
        int checked = 0;
        for (Map<String, Object> attributes : awkwardDocuments()) {
            for (String[] h : headers) {
                DestinationTransformer.Destination d = new DestinationTransformer.Destination("id", h[0], h[1], h[2], "DST", attributes, List.of(), List.of());
                DestinationTransformer.Document doc = d.document();
                String expected = DestinationTransformer.hash(h[0], h[1], h[2], attributes);
                assertEquals(expected, doc.contentHash(), attributes + " " + Arrays.toString(h));
                assertEquals(expected, d.contentHash());
                // The column holds the canonical text; what the Reconciler recomputes from it (parsed again) is the same hash.
                assertEquals(Json.canonical(attributes), doc.attributesJson());
                assertEquals(expected, DestinationTransformer.hash(h[0], h[1], h[2], Json.readMap(doc.attributesJson())), doc.attributesJson());
                checked++;
            }
        }
        assertEquals(24, checked);
    }

    @Test
    void aNullDocumentHashesAsBefore() {
        assertEquals(DestinationTransformer.hash("PACKAGE", "n", "f", null), DestinationTransformer.hashOfCanonical("PACKAGE", "n", "f", Json.canonical(null)));
    }

    @Test
    void theStoredDocumentHasItsKeysSortedAtEveryLevel() {
        Map<String, Object> attributes = map("b", map("d", 1, "c", 2), "a", List.of(map("f", 1, "e", 2)));
        DestinationTransformer.Destination d = new DestinationTransformer.Destination("id", "PACKAGE", "n", null, "DST", attributes, List.of(), List.of());
        assertEquals("{\"a\":[{\"e\":2,\"f\":1}],\"b\":{\"c\":2,\"d\":1}}", d.document().attributesJson());
    }
}
