package io.webjobs.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Reads one of a child process's output pipes line by line on a thread of its own. The threads are
 * pooled: a short run used to start and end two threads, a tenth of its CPU on the runner.
 */
final class OutputPump {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "run-output-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final Future<?> reading;

    private OutputPump(Future<?> reading) {
        this.reading = reading;
    }

    static OutputPump start(InputStream stream, Consumer<String> line) {
        return new OutputPump(READERS.submit(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String next = lines.readLine(); next != null; next = lines.readLine()) {
                    line.accept(next);
                }
            } catch (IOException closed) {
                // The process is gone and its pipe with it; what was read has been handed on.
            }
        }));
    }

    /** Waits up to {@code millis} for the pipe's end: a background child may hold it open for much longer. */
    void awaitEnd(long millis) throws InterruptedException {
        try {
            reading.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A line handler that failed, or a pipe still open: the run ends with what was read.
        }
    }
}
