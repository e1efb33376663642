package io.cmmigration.gathering.run;

/**
 * Cheap 64-bit content hashes that decide whether an object must be encoded and fingerprinted at all: one over the
 * values of its main row, one over its child and relation rows. The child hash is a sum of per-row hashes (salted with
 * the child's position in the catalogue), so it does not depend on the order in which the database returns the rows and
 * can be accumulated while the rows stream by, also for objects that are not read in full. A hash match means
 * "unchanged"; a mismatch only means "look closer": the SHA-256 fingerprint of the attribute document stays the truth.
 */
final class RowHash {

    private static final long SEED = 0x9E3779B97F4A7C15L;

    private RowHash() {
    }

    /** Hash of one row's values (already converted by {@link CatalogueReader#jsonValue}). */
    static long of(Object[] values) {
        long h = SEED ^ values.length;
        for (Object v : values) {
            h = mix(h ^ value(v));
        }
        return fmix(h);
    }

    /** Contribution of one child (or relation) row of child number {@code child} to its parent's child hash. */
    static long child(int child, long rowHash) {
        return fmix(rowHash + (child + 1) * 0xC2B2AE3D27D4EB4FL);
    }

    private static long value(Object v) {
        if (v == null) {
            return 0x5BD1E995L;
        }
        if (v instanceof Long l) {
            return fmix(l);
        }
        if (v instanceof Integer i) {
            return fmix(i.longValue());
        }
        if (v instanceof java.time.LocalDateTime t) {
            return fmix(t.toLocalDate().toEpochDay() * 86_400_000_000_000L + t.toLocalTime().toNanoOfDay() + 0x3C6EF372FE94F82BL);
        }
        String s = v.toString();
        long h = 0xcbf29ce484222325L ^ s.length();
        int n = s.length();
        int i = 0;
        for (; i + 3 < n; i += 4) {
            long k = ((long) s.charAt(i)) | ((long) s.charAt(i + 1) << 16) | ((long) s.charAt(i + 2) << 32) | ((long) s.charAt(i + 3) << 48);
            h = mix(h ^ k);
        }
        for (; i < n; i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return fmix(h + (v instanceof String ? 1 : 2));
    }

    private static long mix(long h) {
        return Long.rotateLeft(h * 0x87C37B91114253D5L, 31) * 0x4CF5AD432745937FL;
    }

    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
