package io.cmmigration.common.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Values for {@code IN (...)} lists, split so that no statement exceeds what every supported database accepts. */
public final class InLists {

    /** Values per IN list: well below SQL Server's 2,100 parameters per statement, with room for the other parameters. */
    public static final int MAX = 1000;

    private InLists() {
    }

    /** {@code all} in lists of at most {@link #MAX} values, in iteration order. */
    public static <T> List<List<T>> chunks(Collection<T> all) {
        return chunks(all, MAX);
    }

    /** {@code all} in lists of at most {@code size} values, in iteration order. */
    public static <T> List<List<T>> chunks(Collection<T> all, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + size);
        }
        List<T> list = all instanceof List<T> l ? l : new ArrayList<>(all);
        List<List<T>> out = new ArrayList<>((list.size() + size - 1) / size);
        for (int i = 0; i < list.size(); i += size) {
            out.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return out;
    }
}
