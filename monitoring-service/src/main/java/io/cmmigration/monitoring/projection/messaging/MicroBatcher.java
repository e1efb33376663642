package io.cmmigration.monitoring.projection.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.jboss.logging.Logger;

/**
 * Hands the records of one channel to one applier thread in micro-batches: a batch is whatever arrived while the
 * previous one was being applied, topped up for at most the linger time, and closed once its weight reaches the batch
 * size. A record's weight is what applying it costs (1 for most events, the number of objects for a job's chunk of
 * object statuses), so a batch holds about the same work whichever events it is made of. One thread per channel and a
 * FIFO queue keep Kafka's order within each partition (records of one key stay in order). The queue is bounded by
 * weight (twice the batch size; a record heavier than that counts as that): when it is full, {@link #offer} returns a
 * stage that completes only once there is room, and the channel's stream (which waits for that stage) stops taking
 * records, so the Kafka consumer pauses instead of memory filling up.
 *
 * @param <T> a received record
 */
final class MicroBatcher<T> {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final String name;
    private final int maxBatch;
    private final long lingerNanos;
    private final ToIntFunction<T> weigher;
    private final Consumer<List<T>> applier;
    private final int capacity;
    /** Weight that may still be queued: taken when a record is queued, given back when the applier takes it. */
    private final Semaphore room;
    private final BlockingQueue<Weighted<T>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ExecutorService waiter;
    private volatile boolean running = true;

    private record Weighted<T>(T record, int weight) {
    }

    /**
     * @param maxBatch weight at which a batch is closed
     * @param weigher what applying a record costs (at least 1)
     * @param applier applies one batch and acknowledges (or dead-letters) each of its records; it should not throw
     */
    MicroBatcher(String name, int maxBatch, Duration linger, ToIntFunction<T> weigher, Consumer<List<T>> applier) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.weigher = weigher;
        this.applier = applier;
        this.capacity = 2 * maxBatch;
        this.room = new Semaphore(capacity);
        this.thread = new Thread(this::run, "apply-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
        this.waiter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "apply-" + name + "-wait");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a record; the stage completes when it is queued (at once unless the queue is full). */
    CompletionStage<Void> offer(T record) {
        Weighted<T> w = new Weighted<>(record, Math.min(capacity, Math.max(1, weigher.applyAsInt(record))));
        if (room.tryAcquire(w.weight())) {
            queue.add(w);
            return DONE;
        }
        // Full: wait off the caller's thread (the Kafka connector's event loop must not block). The channel hands over
        // its next record only when this completes, so at most one record per channel waits here.
        return CompletableFuture.runAsync(() -> {
            try {
                while (running) {
                    if (room.tryAcquire(w.weight(), 200, TimeUnit.MILLISECONDS)) {
                        queue.add(w);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: the record is not acknowledged, Kafka redelivers it
            }
        }, waiter);
    }

    /** Takes a record off the queue (null if none within the wait) and gives its room back. */
    private Weighted<T> take(long waitNanos) throws InterruptedException {
        Weighted<T> w = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
        if (w != null) {
            room.release(w.weight());
        }
        return w;
    }

    private void run() {
        List<T> batch = new ArrayList<>();
        while (running) {
            try {
                Weighted<T> first = take(TimeUnit.MILLISECONDS.toNanos(200));
                if (first == null) {
                    continue;
                }
                batch.add(first.record());
                int weight = first.weight();
                long deadline = System.nanoTime() + lingerNanos;
                while (weight < maxBatch) {
                    // what is queued now is taken at once; then wait for more until the linger time is up
                    Weighted<T> next = queue.isEmpty() ? take(Math.max(0, deadline - System.nanoTime())) : take(0);
                    if (next == null) {
                        break;
                    }
                    batch.add(next.record());
                    weight += next.weight();
                }
                applier.accept(List.copyOf(batch));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The applier handles its own failures; anything else leaves these records unacknowledged (redelivered
                // after a restart or rebalance) rather than stopping the channel.
                LOG.errorf(e, "applying a batch of %d records of %s failed unexpectedly", batch.size(), name);
            } finally {
                batch.clear();
            }
        }
    }

    /** Lets the batch being applied finish (it is acknowledged), then stops; queued records are redelivered later. */
    void stop(Duration grace) {
        running = false;
        try {
            thread.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        waiter.shutdownNow();
    }
}
