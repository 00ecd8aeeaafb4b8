package io.webjobs.orchestrator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code webjobs bench runs}: triggered runs of {@code exit 0} completed per second end to end (HTTP run →
 * Success in the event log) with 1 and 2 runners, next to raw {@link ProcessBuilder} spawn-and-wait of
 * the same script in this JVM with the same number of processes at once.
 * <p>
 * The runners run each in a JVM of its own, as {@code up} and a cluster run them ({@code webjobs runner}), or in
 * this JVM, as {@code up} ran them before (decision 015). A spawn costs CPU for every descriptor the spawning
 * JVM holds, and this one holds the broker's, the stores' and the HTTP connections' (~550): raw spawns here cost
 * more than a runner process's spawns. So each round also times raw spawns in a lean JVM of their own ({@link LeanSpawns}), and the table
 * shows the runs against both.
 * <p>
 * The two are measured in turns, a round of runs then a round of raw spawns, several times: this host's
 * speed drifts by ±15 % over minutes (raw alone measured 400 to 616 spawns/s from one bench to the next), so
 * a single measure of each compared two different hosts. Each round's ratio compares neighbours; the table
 * shows the round with the median ratio, and the lowest and highest.
 */
public final class RunsBench {

    static final String SCRIPT = "exit 0\n";
    /**
     * The warm-up goes on, round after round of the measured size, until the JIT compilers take at most this
     * share of the CPU of this JVM and the runner processes over a round: the figure is a running server's, not a
     * young JVM's. The JIT still took 30 % after 10,000 to 20,000 runs, and a long tail of lukewarm methods reaches
     * C2 only then.
     */
    static final double JIT_SETTLED = 0.10;

    private final int runs;
    private final int rounds;
    private final int warmUp;
    private final int warmUpLimit;
    private final int capacity;
    private final int clients;
    private final boolean runnerProcesses;
    private final Duration timeout;

    /**
     * @param warmUp          runs before each measure, at least
     * @param warmUpLimit     runs before each measure, at most, should the JIT not settle before
     * @param runnerProcesses each runner in a JVM of its own (as deployed), else in this one
     */
    public RunsBench(int runs, int rounds, int warmUp, int warmUpLimit, int capacity, int clients,
            boolean runnerProcesses, Duration timeout) {
        this.runs = runs;
        this.rounds = rounds;
        this.warmUp = warmUp;
        this.warmUpLimit = Math.max(warmUp, warmUpLimit);
        this.capacity = capacity;
        this.clients = clients;
        this.runnerProcesses = runnerProcesses;
        this.timeout = timeout;
    }

    public BenchTable run() throws Exception {
        BenchTable table = new BenchTable("runs", Map.of("runs", runs, "rounds", rounds, "warmUpRuns", warmUp,
                "warmUpLimit", warmUpLimit, "capacityPerRunner", capacity, "httpClients", clients,
                "runnersIn", runnerProcesses ? "their own JVMs" : "this JVM"));
        try (BenchSystem system = BenchSystem.start(); RunWatch watch = new RunWatch(system.kafka())) {
            int jobs = Math.max(1, clients);
            for (int j = 0; j < jobs; j++) {
                system.deploy("exit0-" + j, SCRIPT, true);
            }
            for (int runnerCount : List.of(1, 2)) {
                if (runnerProcesses) {
                    system.startRunnerProcesses(runnerCount, capacity);
                } else {
                    system.startRunners(runnerCount, capacity, false);
                }
                // warm-up: artifact caches, working copies, and the JIT
                WarmUp warm = warmUp(system, watch, jobs);
                List<Round> measured = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    measured.add(round(system, watch, jobs, runnerCount * capacity));
                }
                measured.sort(Comparator.comparingDouble(Round::ratio));
                Round median = measured.get(measured.size() / 2);
                String label = runnerCount + " runner(s)";
                table.row("warm-up runs, " + label, warm.runs(), "runs");
                table.row("JIT share of the JVMs' CPU (this one and the runners') in the last warm-up round, " + label, 100 * warm.jitShare(), "%");
                table.row("runs/s, " + label + " x " + capacity + " slots, the median of " + rounds + " rounds",
                        median.rate(), "runs/s", "raw ProcessBuilder, " + runnerCount * capacity + " at once", median.raw());
                table.row("ratio to raw, the lowest round, " + label, measured.get(0).ratio(), "of raw");
                table.row("ratio to raw, the highest round, " + label, measured.get(measured.size() - 1).ratio(), "of raw");
                // the same runs next to spawns from a JVM of a runner's few descriptors: how much of the ratio
                // above is the spawning JVM rather than webjobs
                List<Round> byLean = new ArrayList<>(measured);
                byLean.sort(Comparator.comparingDouble(Round::leanRatio));
                Round leanMedian = byLean.get(byLean.size() / 2);
                table.row("runs/s, " + label + ", the median of " + rounds + " rounds against raw in a lean JVM",
                        leanMedian.rate(), "runs/s", "raw ProcessBuilder in a JVM of its own, " + runnerCount * capacity
                                + " at once", leanMedian.lean().rate());
                table.row("raw in a lean JVM, CPU ms per spawn in that JVM, the median round, " + label,
                        leanMedian.lean().jvmMsPerSpawn(), "ms");
                table.row("raw in a lean JVM, CPU ms per spawn in the process, the median round, " + label,
                        leanMedian.lean().processMsPerSpawn(), "ms");
                median.cost().report(table, label, runs, median.rawCpu(), rawSpawns(runs, runnerCount * capacity));
                system.stopRunners();
            }
        }
        table.note("target >= 0.7 of raw");
        return table;
    }

    private record WarmUp(int runs, double jitShare) {
    }

    /** {@code runs} runs through the system, then as many raw spawns in this JVM, then in a lean one. */
    private record Round(double rate, RunCost cost, double raw, ProcessCpu rawCpu, LeanSpawns.Result lean) {
        double ratio() {
            return rate / raw;
        }

        double leanRatio() {
            return rate / lean.rate();
        }
    }

    private Round round(BenchSystem system, RunWatch watch, int jobs, int parallel) throws Exception {
        RunCost cost = RunCost.start(system);
        long start = System.nanoTime();
        submit(system, watch, jobs, runs);
        double rate = runs / ((System.nanoTime() - start) / 1e9);
        cost.stop();
        ProcessCpu rawBefore = ProcessCpu.now();
        double raw = rawSpawn(system.dir(), runs, parallel);
        ProcessCpu rawCpu = ProcessCpu.now().since(rawBefore);
        return new Round(rate, cost, raw, rawCpu, LeanSpawns.measure(system.dir(), runs, parallel, timeout));
    }

    /** At least {@code warmUp} runs, then rounds of {@code runs} until the JIT settles or the limit is reached. */
    private WarmUp warmUp(BenchSystem system, RunWatch watch, int jobs) throws Exception {
        int sent = 0;
        int round = Math.max(jobs, warmUp);
        double jitShare = Double.NaN;
        while (sent < warmUpLimit) {
            ProcessCpu before = ProcessCpu.now().plus(system.runnerProcessesCpu());
            submit(system, watch, jobs, round);
            ProcessCpu spent = ProcessCpu.now().plus(system.runnerProcessesCpu()).since(before);
            sent += round;
            jitShare = spent.jitMs() / Math.max(spent.selfMs(), 1e-9);
            if (jitShare <= JIT_SETTLED) {
                break;
            }
            round = Math.max(jobs, Math.min(runs, warmUpLimit - sent));
        }
        return new WarmUp(sent, jitShare);
    }

    private void submit(BenchSystem system, RunWatch watch, int jobs, int count) throws Exception {
        submit(system, watch, "exit0-", jobs, count, clients, timeout);
    }

    /**
     * Sends {@code count} runs over jobs {@code prefix + 0 .. jobs - 1} from {@code clients} HTTP clients
     * at once; returns once as many more runs succeeded.
     */
    static void submit(BenchSystem system, RunWatch watch, String prefix, int jobs, int count, int clients,
            Duration timeout) throws Exception {
        long target = watch.succeeded() + count;
        ExecutorService pool = system.clients(clients);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + (i % jobs);
            sent.add(pool.submit(() -> system.run(name)));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        OrchestrationBench.awaitAtLeast(watch, target, timeout);
    }

    /** The spawns {@link #rawSpawn} makes: {@code count}, after a warm-up of a tenth (at least one each at once). */
    static int rawSpawns(int count, int parallel) {
        return count + warmUpSpawns(count, parallel);
    }

    private static int warmUpSpawns(int count, int parallel) {
        return Math.max(parallel, count / 10);
    }

    /** Spawn-and-wait of run.sh ({@code bash run.sh}, as the runner does) with {@code parallel} at once. */
    static double rawSpawn(Path dir, int count, int parallel) throws Exception {
        Path work = Files.createDirectories(dir.resolve("raw"));
        Files.writeString(work.resolve("run.sh"), SCRIPT);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (int i = 0; i < warmUpSpawns(count, parallel); i++) {
                pool.submit(() -> spawn(work)).get();
            }
            long start = System.nanoTime();
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(pool.submit(() -> spawn(work)));
            }
            for (Future<Integer> f : all) {
                f.get();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    static int spawn(Path work) throws Exception {
        Process process = new ProcessBuilder("bash", "run.sh").directory(work.toFile())
                .redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor();
    }
}
