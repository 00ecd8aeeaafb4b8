package io.webjobs.orchestrator.bench;

import io.webjobs.orchestrator.app.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Raw spawns in a JVM of their own, started for the purpose: few descriptors, like a runner process's. Next to
 * raw spawns in the bench's JVM (which holds the broker's, the stores' and the HTTP connections' descriptors,
 * and pays for each at every spawn) it says how much of a comparison is the spawning JVM, not webjobs.
 */
final class LeanSpawns {

    private static final String RESULT = "lean-spawns ";

    /** Spawns/s and CPU per spawn of the child JVM and of the spawned processes. */
    record Result(double rate, double jvmMsPerSpawn, double processMsPerSpawn) {
    }

    private LeanSpawns() {
    }

    /** In a child JVM: {@code count} spawn-and-waits of {@code bash run.sh}, {@code parallel} at once. */
    static Result measure(Path dir, int count, int parallel, Duration timeout) throws Exception {
        Path work = Files.createDirectories(dir.resolve("lean"));
        Path output = work.resolve("output.txt");
        Process child = ChildJvm.main(LeanSpawns.class.getName(), work.toString(), Integer.toString(count),
                Integer.toString(parallel)).redirectOutput(output.toFile()).start();
        if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            throw new TimeoutException("the lean spawner did not end within " + timeout.toSeconds() + " s");
        }
        List<String> lines = Files.readAllLines(output);
        for (String line : lines) {
            if (line.startsWith(RESULT)) {
                String[] f = line.substring(RESULT.length()).trim().split(" ");
                return new Result(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
            }
        }
        throw new IllegalStateException("the lean spawner printed no result (exit " + child.exitValue() + "): "
                + String.join("\n", lines));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int parallel = Integer.parseInt(args[2]);
        ProcessCpu before = ProcessCpu.now();
        double rate = RunsBench.rawSpawn(dir, count, parallel);
        ProcessCpu spent = ProcessCpu.now().since(before);
        int spawns = RunsBench.rawSpawns(count, parallel);
        System.out.println(String.format(Locale.ROOT, RESULT + "%f %f %f", rate, spent.selfMs() / spawns,
                spent.childrenMs() / spawns));
    }
}
