package io.webjobs.orchestrator.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** A child JVM of the same Java and class path as this one (the jar, or the tests'). */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** A {@code webjobs} command. */
    public static ProcessBuilder command(String... args) {
        return main("io.webjobs.orchestrator.cli.WebJobsCli", args);
    }

    public static ProcessBuilder main(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /**
     * Waits for a line containing {@code marker} in the child's output, read by a thread of its own so the
     * timeout holds even when the child goes quiet; the output is drained afterwards so the child never blocks.
     */
    public static void awaitLine(Process process, String marker, Duration timeout) throws InterruptedException,
            TimeoutException {
        awaitLine(process, marker, timeout, line -> { });
    }

    /** As {@link #awaitLine(Process, String, Duration)}, handing every line of the child's to {@code then}. */
    public static void awaitLine(Process process, String marker, Duration timeout, Consumer<String> then)
            throws InterruptedException, TimeoutException {
        CountDownLatch seen = new CountDownLatch(1);
        Deque<String> last = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    then.accept(line);
                    if (seen.getCount() == 0) {
                        continue;
                    }
                    if (line.contains(marker)) {
                        seen.countDown();
                    } else {
                        synchronized (last) {
                            last.addLast(line);
                            if (last.size() > 20) {
                                last.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        if (!seen.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            synchronized (last) {
                throw new TimeoutException("the child did not print '" + marker + "' within " + timeout.toSeconds()
                        + " s (alive: " + process.isAlive() + "); its last lines:\n" + String.join("\n", last));
            }
        }
    }

    /** SIGTERM (a clean stop), then SIGKILL should it not end in time. */
    public static void stop(Process process, Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
