package io.cmmigration.common.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InListsTest {

    @Test
    void splitsIntoListsTheDatabaseAcceptsKeepingOrderAndEveryValue() {
        List<Integer> ids = IntStream.range(0, 2_501).boxed().toList();
        List<List<Integer>> chunks = InLists.chunks(ids);
        assertEquals(List.of(1000, 1000, 501), chunks.stream().map(List::size).toList());
        assertEquals(ids, chunks.stream().flatMap(List::stream).toList());
        assertTrue(chunks.stream().allMatch(c -> c.size() <= InLists.MAX));
        assertEquals(List.of(List.of("a", "b"), List.of("c")), InLists.chunks(List.of("a", "b", "c"), 2));
        assertEquals(List.of(), InLists.chunks(List.of()));
        assertThrows(IllegalArgumentException.class, () -> InLists.chunks(List.of(1), 0));
    }
}
