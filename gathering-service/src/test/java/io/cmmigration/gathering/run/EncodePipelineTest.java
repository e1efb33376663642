package io.cmmigration.gathering.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-over between the reader thread and the encoding thread: order kept, everything done at drain, failures rethrown. */
class EncodePipelineTest {

    @Test
    void keepsHandOverOrderAndIsCompleteAfterDrain() {
        List<Integer> done = new ArrayList<>(); // touched by the encoding thread only until drain()
        try (EncodePipeline<Integer> p = new EncodePipeline<>("test-encode", 8, done::add)) {
            for (int i = 0; i < 10_000; i++) {
                p.submit(i);
            }
            p.drain();
            assertEquals(10_000, done.size());
            for (int i = 0; i < done.size(); i++) {
                assertEquals(i, done.get(i));
            }
        }
    }

    @Test
    void failureOfTheEncodingThreadFailsTheReaderWithTheSameException() {
        IllegalArgumentException boom = new IllegalArgumentException("cannot encode object 17");
        List<Integer> done = new ArrayList<>();
        try (EncodePipeline<Integer> p = new EncodePipeline<>("test-encode", 4, i -> {
            if (i == 17) {
                throw boom;
            }
            done.add(i);
        })) {
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> {
                for (int i = 0; i < 1_000; i++) {
                    p.submit(i);
                }
                p.drain();
            });
            assertSame(boom, thrown);
            // nothing after the failing object is processed (the run fails; nothing more may be sent or recorded)
            assertThrows(IllegalArgumentException.class, p::drain);
            assertEquals(17, done.size());
            assertTrue(done.stream().allMatch(i -> i < 17));
        }
    }

    @Test
    void discardPassesOverWhatIsQueued() throws Exception {
        List<Integer> done = new ArrayList<>();
        try (EncodePipeline<Integer> p = new EncodePipeline<>("test-encode", 1_000, i -> {
            done.add(i);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            for (int i = 0; i < 500; i++) {
                p.submit(i);
            }
            p.discard();
            int after = done.size();
            assertTrue(after < 500, "queued objects were processed after discard: " + after);
            Thread.sleep(50);
            assertEquals(after, done.size());
            // usable again afterwards
            p.submit(1_000);
            p.drain();
            assertEquals(after + 1, done.size());
        }
    }
}
