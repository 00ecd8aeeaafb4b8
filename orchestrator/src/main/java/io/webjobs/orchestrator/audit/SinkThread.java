package io.webjobs.orchestrator.audit;

import io.webjobs.avro.JobEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a replay's sink on its own thread, batch by batch and in order, so reading and decoding the next
 * batch overlaps folding or printing the last one. A failure of the sink ends the replay with it.
 */
final class SinkThread implements AutoCloseable {

    private static final List<JobEvent> END = new ArrayList<>();

    private final BlockingQueue<List<JobEvent>> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile RuntimeException failure;

    SinkThread(Consumer<JobEvent> sink) {
        this.thread = new Thread(() -> {
            try {
                for (List<JobEvent> batch = queue.take(); batch != END; batch = queue.take()) {
                    batch.forEach(sink);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }, "event-log-replay-sink");
        thread.setDaemon(true);
        thread.start();
    }

    void hand(List<JobEvent> batch) {
        if (!batch.isEmpty()) {
            put(batch);
        }
    }

    /** Waits until the sink has taken every event handed so far. */
    void finish() {
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying the event log", e);
        }
        rethrow();
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    private void put(List<JobEvent> batch) {
        try {
            while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying the event log", e);
        }
        rethrow();
    }

    private void rethrow() {
        if (failure != null) {
            throw failure;
        }
    }
}
