package io.cmmigration.monitoring.projection.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Hands the records of one channel to one applier thread in micro-batches: a batch is whatever arrived while the
 * previous one was being applied, topped up for at most the linger time, and never more than the batch size. One
 * thread per channel and a FIFO queue keep Kafka's order within each partition (records of one key stay in order).
 * The queue is bounded: when it is full, {@link #offer} returns a stage that completes only once there is room, and
 * the channel's stream (which waits for that stage) stops taking records, so the Kafka consumer pauses instead of
 * memory filling up.
 *
 * @param <T> a received record
 */
final class MicroBatcher<T> {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final String name;
    private final int maxBatch;
    private final long lingerNanos;
    private final Consumer<List<T>> applier;
    private final BlockingQueue<T> queue;
    private final Thread thread;
    private final ExecutorService waiter;
    private volatile boolean running = true;

    /**
     * @param applier applies one batch and acknowledges (or dead-letters) each of its records; it should not throw
     */
    MicroBatcher(String name, int maxBatch, Duration linger, Consumer<List<T>> applier) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.applier = applier;
        this.queue = new ArrayBlockingQueue<>(2 * maxBatch);
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
        if (queue.offer(record)) {
            return DONE;
        }
        // Full: wait off the caller's thread (the Kafka connector's event loop must not block). The channel hands over
        // its next record only when this completes, so at most one record per channel waits here.
        return CompletableFuture.runAsync(() -> {
            try {
                while (running && !queue.offer(record, 200, TimeUnit.MILLISECONDS)) {
                    // keep waiting for room
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: the record is not acknowledged, Kafka redelivers it
            }
        }, waiter);
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < maxBatch) {
                    queue.drainTo(batch, maxBatch - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= maxBatch || left <= 0) {
                        break;
                    }
                    T next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
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
