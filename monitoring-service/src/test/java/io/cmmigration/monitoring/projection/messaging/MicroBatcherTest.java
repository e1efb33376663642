package io.cmmigration.monitoring.projection.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Micro-batches are sized by what their records cost to apply (a chunk of 1,000 object statuses is not one event). */
class MicroBatcherTest {

    @Test
    void aBatchClosesWhenItsWeightReachesTheBatchSizeAndAHeavyRecordIsNeverHeldBack() throws Exception {
        CountDownLatch allOffered = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        CountDownLatch applied = new CountDownLatch(4);
        MicroBatcher<Integer> batcher = new MicroBatcher<>("test", 10, Duration.ofMillis(50), w -> w, batch -> {
            if (batches.isEmpty()) {
                await(allOffered); // the first batch is being applied while the rest arrives
            }
            batches.add(batch);
            applied.countDown();
        });
        try {
            batcher.offer(1).toCompletableFuture().get(5, TimeUnit.SECONDS);
            Thread.sleep(100); // the applier has taken the first record
            for (int weight : List.of(2, 2, 2, 2, 2, 9, 1)) {
                batcher.offer(weight).toCompletableFuture().get(5, TimeUnit.SECONDS); // a channel waits for each, in order
            }
            allOffered.countDown();
            applied.await(5, TimeUnit.SECONDS);
            assertEquals(List.of(List.of(1), List.of(2, 2, 2, 2, 2), List.of(9, 1)), batches.subList(0, 3));
        } finally {
            batcher.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRecordHeavierThanTheQueueIsStillAppliedAlone() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        CountDownLatch applied = new CountDownLatch(2);
        MicroBatcher<Integer> batcher = new MicroBatcher<>("test", 10, Duration.ofMillis(20), w -> w, batch -> {
            batches.add(batch);
            applied.countDown();
        });
        try {
            batcher.offer(1000).toCompletableFuture().get(5, TimeUnit.SECONDS);
            Thread.sleep(100);
            batcher.offer(3).toCompletableFuture().get(5, TimeUnit.SECONDS);
            applied.await(5, TimeUnit.SECONDS);
            assertEquals(List.of(List.of(1000), List.of(3)), batches);
        } finally {
            batcher.stop(Duration.ofSeconds(1));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
