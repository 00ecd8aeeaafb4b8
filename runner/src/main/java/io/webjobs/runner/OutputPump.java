package io.webjobs.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads one of a child process's output pipes line by line on its own daemon thread. */
final class OutputPump {

    private OutputPump() {
    }

    static Thread start(InputStream stream, String threadName, Consumer<String> line) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String next = lines.readLine(); next != null; next = lines.readLine()) {
                    line.accept(next);
                }
            } catch (IOException closed) {
                // The process is gone and its pipe with it; what was read has been handed on.
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
