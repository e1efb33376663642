package io.cmmigration.gathering.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cmmigration.events.EventCodec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Content fingerprint of an object: SHA-256 over its attribute document and references (canonical JSON). */
final class Fingerprints {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Fingerprints() {
    }

    static String of(Object... parts) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            doc.put("p" + i, parts[i]);
        }
        try {
            byte[] json = EventCodec.mapper().writeValueAsBytes(doc);
            return HexFormat.of().formatHex(SHA256.get().digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot fingerprint object", e);
        }
    }

    static String json(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
