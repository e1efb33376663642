package io.cmmigration.gathering.run;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The second stage of the reader: the reader thread reads, merges and hashes; objects that must be encoded are handed
 * over through a bounded queue to one encoding thread, which encodes, sends and records the pending state in hand-over
 * order (so the order per key is the reader's). A failure of the encoding thread is rethrown on the reader thread at its
 * next hand-over or {@link #drain()}; from then on the encoding thread passes over what is still queued. {@link #drain()}
 * waits until everything handed over is done (the reader calls it before it touches the pending writer or the counts
 * itself: end of a type, removals, distribution points).
 */
final class EncodePipeline<T> implements AutoCloseable {

    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue;
    private final Consumer<T> stage;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread worker;
    private volatile boolean discarding;

    EncodePipeline(String name, int capacity, Consumer<T> stage) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.stage = stage;
        this.worker = new Thread(this::work, name);
        worker.setDaemon(true);
        worker.start();
    }

    @SuppressWarnings("unchecked")
    private void work() {
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new IllegalStateException("the encoding thread was interrupted", e));
                return;
            }
            if (item == STOP) {
                return;
            }
            if (item instanceof CountDownLatch barrier) {
                barrier.countDown();
                continue;
            }
            if (failure.get() != null || discarding) {
                continue;
            }
            try {
                stage.accept((T) item);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } catch (Error e) {
                failure.compareAndSet(null, new IllegalStateException("encoding failed: " + e, e));
            }
        }
    }

    /** Hands one item over (blocks while the queue is full); throws the encoding thread's failure, if any. */
    void submit(T item) {
        check();
        put(item);
    }

    /** Waits until everything handed over so far is done; throws the encoding thread's failure, if any. */
    void drain() {
        CountDownLatch barrier = new CountDownLatch(1);
        put(barrier);
        await(barrier);
        check();
    }

    /** After a failure of the reader: passes over what is queued and waits until the encoding thread is idle. */
    void discard() {
        discarding = true;
        try {
            queue.clear();
            CountDownLatch barrier = new CountDownLatch(1);
            put(barrier);
            await(barrier);
        } finally {
            discarding = false;
        }
    }

    private void put(Object item) {
        try {
            while (!queue.offer(item, 1, TimeUnit.SECONDS)) {
                if (!worker.isAlive()) {
                    check();
                    throw new IllegalStateException("the encoding thread ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over to the encoding thread", e);
        }
    }

    private void await(CountDownLatch barrier) {
        try {
            while (!barrier.await(1, TimeUnit.SECONDS)) {
                if (!worker.isAlive()) {
                    check();
                    throw new IllegalStateException("the encoding thread ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the encoding thread", e);
        }
    }

    private void check() {
        RuntimeException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    @Override
    public void close() {
        queue.clear();
        try {
            queue.put(STOP);
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
