package io.cmmigration.gathering.run;

/**
 * The keys of one object type seen in the source during a run, held as 64-bit hashes in an open-addressing table
 * (16 bytes per key instead of a String each), so removal detection stays small even for a `large` source. A false
 * "present" needs a 64-bit collision among one type's keys (about 1 in 10^7 for a million keys).
 */
final class KeySet {

    private long[] table = new long[1 << 12];
    private int size;

    /** Adds the key; false when it was already present (a duplicate row). */
    boolean add(String key) {
        if ((size + 1) * 2 > table.length) {
            grow();
        }
        return insert(table, hash(key));
    }

    boolean contains(String key) {
        long h = hash(key);
        int mask = table.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            long v = table[i];
            if (v == 0) {
                return false;
            }
            if (v == h) {
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private boolean insert(long[] t, long h) {
        int mask = t.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            long v = t[i];
            if (v == 0) {
                t[i] = h;
                if (t == table) {
                    size++;
                }
                return true;
            }
            if (v == h) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (long v : old) {
            if (v != 0) {
                int mask = bigger.length - 1;
                int i = mix(v) & mask;
                while (bigger[i] != 0) {
                    i = (i + 1) & mask;
                }
                bigger[i] = v;
            }
        }
        table = bigger;
    }

    private static int mix(long h) {
        return (int) (h ^ (h >>> 32));
    }

    /** FNV-1a over the UTF-16 code units followed by a murmur3 finaliser; never 0 (0 marks an empty slot). */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
