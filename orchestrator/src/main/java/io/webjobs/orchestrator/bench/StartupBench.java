package io.webjobs.orchestrator.bench;

import io.webjobs.orchestrator.app.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code webjobs bench startup}: {@code webjobs up} in a child JVM from cold (empty data directory) to its
 * "webjobs ready" line, then its resident memory (VmRSS of /proc/{pid}/status) after an idle pause. Baseline:
 * the same JVM and class path printing {@code --version}, the floor of any Java CLI.
 */
public final class StartupBench {

    private final int rounds;
    private final Duration idle;
    private final Duration timeout;

    public StartupBench(int rounds, Duration idle, Duration timeout) {
        this.rounds = rounds;
        this.idle = idle;
        this.timeout = timeout;
    }

    public BenchTable run() throws Exception {
        BenchTable table = new BenchTable("startup", Map.of("rounds", rounds, "idleSeconds", idle.toSeconds()));
        List<Double> ready = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> version = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Path dir = Files.createTempDirectory("webjobs-bench-startup");
            try {
                long start = System.nanoTime();
                Process up = ChildJvm.command("up", "--port", "0", "--data-dir", dir.toString()).start();
                try {
                    ChildJvm.awaitLine(up, "webjobs ready at", timeout);
                    ready.add((System.nanoTime() - start) / 1e6);
                    Thread.sleep(idle.toMillis());
                    // up and its runner's JVM
                    long kb = rssKb(up.pid());
                    for (ProcessHandle child : up.descendants().toList()) {
                        kb += rssKb(child.pid());
                    }
                    rss.add(kb / 1024.0);
                } finally {
                    ChildJvm.stop(up, Duration.ofSeconds(30));
                }
                long versionStart = System.nanoTime();
                Process v = ChildJvm.command("--version").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                v.waitFor();
                version.add((System.nanoTime() - versionStart) / 1e6);
            } finally {
                delete(dir);
            }
        }
        table.row("up: cold -> ready p50", BenchTable.percentile(ready, 50), "ms", "same JVM: --version p50",
                BenchTable.percentile(version, 50));
        table.row("idle RSS of up (broker+orchestrator) and its runner's JVM", BenchTable.percentile(rss, 50), "MB");
        table.note("class path of the child: " + System.getProperty("java.class.path").split(
                java.io.File.pathSeparator)[0] + (System.getProperty("java.class.path").contains(
                        java.io.File.pathSeparator) ? " …" : ""));
        return table;
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
