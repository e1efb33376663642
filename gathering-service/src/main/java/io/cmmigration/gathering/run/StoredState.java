package io.cmmigration.gathering.run;

/**
 * The stored gathering state of one object type, held compactly while the type is read: per stored object the 64-bit
 * hash of its key, the first 64 bits of its fingerprint, its row and child hashes, the child hash accumulated in this
 * run and flags (open addressing, load factor at most 1/2: 41 bytes per slot, 82-164 bytes per stored object of the type being read,
 * only one type at a time). Replaces the per-chunk IN-list lookups of stored fingerprints: the state is read with one
 * streaming query per type.
 */
final class StoredState {

    static final byte SEEN = 1;        // present in the source in this run
    static final byte READ = 2;        // read in full in this run
    static final byte NO_HASHES = 4;   // stored without row/child hashes (state of an older version)

    private long[] keys;
    private long[] fingerprints;
    private long[] rowHashes;
    private long[] childHashes;
    private long[] accumulated;
    private byte[] flags;
    private int size;

    StoredState() {
        allocate(1 << 10);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        fingerprints = new long[capacity];
        rowHashes = new long[capacity];
        childHashes = new long[capacity];
        accumulated = new long[capacity];
        flags = new byte[capacity];
    }

    int size() {
        return size;
    }

    void put(String key, String fingerprint, Long rowHash, Long childHash) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        long h = KeySet.hash(key);
        int slot = find(h);
        if (keys[slot] == 0) {
            size++;
        }
        keys[slot] = h;
        fingerprints[slot] = fingerprint64(fingerprint);
        rowHashes[slot] = rowHash == null ? 0 : rowHash;
        childHashes[slot] = childHash == null ? 0 : childHash;
        flags[slot] = rowHash == null || childHash == null ? NO_HASHES : 0;
    }

    /** Slot of the key, or -1 when it is not stored. */
    int slot(String key) {
        int s = find(KeySet.hash(key));
        return keys[s] == 0 ? -1 : s;
    }

    int slotOfHash(long h) {
        int s = find(h);
        return keys[s] == 0 ? -1 : s;
    }

    boolean unchanged(int slot, long rowHash, long childHash) {
        return (flags[slot] & NO_HASHES) == 0 && rowHashes[slot] == rowHash && childHashes[slot] == childHash;
    }

    boolean childrenUnchanged(int slot) {
        return (flags[slot] & NO_HASHES) == 0 && childHashes[slot] == accumulated[slot];
    }

    boolean sameFingerprint(int slot, String fingerprint) {
        return fingerprints[slot] == fingerprint64(fingerprint);
    }

    void accumulate(int slot, long contribution) {
        accumulated[slot] += contribution;
    }

    void mark(int slot, byte flag) {
        flags[slot] |= flag;
    }

    boolean has(int slot, byte flag) {
        return (flags[slot] & flag) != 0;
    }

    /** Stored objects not seen in the source in this run. */
    int unseen() {
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && (flags[i] & SEEN) == 0) {
                n++;
            }
        }
        return n;
    }

    private int find(long h) {
        int mask = keys.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (keys[i] != 0 && keys[i] != h) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] k = keys;
        long[] f = fingerprints;
        long[] r = rowHashes;
        long[] c = childHashes;
        long[] a = accumulated;
        byte[] fl = flags;
        allocate(k.length * 2);
        for (int i = 0; i < k.length; i++) {
            if (k[i] != 0) {
                int s = find(k[i]);
                keys[s] = k[i];
                fingerprints[s] = f[i];
                rowHashes[s] = r[i];
                childHashes[s] = c[i];
                accumulated[s] = a[i];
                flags[s] = fl[i];
            }
        }
    }

    static long fingerprint64(String fingerprint) {
        if (fingerprint == null) {
            return 0;
        }
        if (fingerprint.length() >= 16) {
            try {
                return Long.parseUnsignedLong(fingerprint.substring(0, 16), 16);
            } catch (NumberFormatException e) {
                // not hex: fall through
            }
        }
        return KeySet.hash(fingerprint);
    }
}
