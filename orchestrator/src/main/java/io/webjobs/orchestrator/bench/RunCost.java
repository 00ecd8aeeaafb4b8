package io.webjobs.orchestrator.bench;

import java.util.Map;

/**
 * Where the CPU of a measured stretch of runs goes, all-in-one: this JVM against the runs' processes,
 * by part of the system (thread groups, the JVM's own compilers and GC), the broker's requests, and
 * the transactions the stream thread committed. Started before the runs, stopped right after them.
 */
final class RunCost {

    private static final int GROUPS_SHOWN = 8;

    private final Map<String, Double> streamThreadBefore;
    private final ProcessCpu cpuBefore;
    private final ProcessCpu runnersBefore;
    private final ThreadCpu threadsBefore;
    private final BrokerRequests requestsBefore;
    private final ClientRequests clientsBefore;
    private final BenchSystem system;
    private ProcessCpu cpu;
    /** The runner processes' (none when the runners run in this JVM). */
    private ProcessCpu runnerCpu;
    private Map<String, Double> byThreads;
    private Map<String, BrokerRequests.Load> requests;
    private Map<String, Double> clientRequests;
    private double commits;

    private RunCost(BenchSystem system) {
        this.system = system;
        this.streamThreadBefore = StreamThreadTime.totals(system.orchestrator().streamsMetrics());
        this.cpuBefore = ProcessCpu.now();
        this.runnersBefore = system.runnerProcessesCpu();
        this.threadsBefore = ThreadCpu.now();
        this.requestsBefore = BrokerRequests.now();
        this.clientsBefore = ClientRequests.now();
    }

    static RunCost start(BenchSystem system) {
        return new RunCost(system);
    }

    /** The end of the measured runs. */
    void stop() {
        cpu = ProcessCpu.now().since(cpuBefore);
        runnerCpu = system.runnerProcessesCpu().since(runnersBefore);
        byThreads = ThreadCpu.now().since(threadsBefore);
        requests = BrokerRequests.now().since(requestsBefore);
        clientRequests = ClientRequests.now().since(clientsBefore);
        commits = StreamThreadTime.totals(system.orchestrator().streamsMetrics()).getOrDefault("commit", 0.0)
                - streamThreadBefore.getOrDefault("commit", 0.0);
    }

    /** Adds the rows for the {@code runs} runs between {@link #start} and {@link #stop}, next to raw spawns. */
    void report(BenchTable table, String label, int runs, ProcessCpu raw, double rawSpawns) {
        // two rows, not a figure and its baseline: a ratio of two steals says nothing
        steal(table, "over the runs, " + label, cpu);
        steal(table, "over raw's spawns, " + label, raw);
        table.row("CPU ms/run in this JVM, " + label, cpu.selfMs() / runs, "ms",
                "raw: this JVM per spawn", raw.selfMs() / rawSpawns);
        if (system.hasRunnerProcesses()) {
            table.row("CPU ms/run in the runner processes' JVMs, " + label, runnerCpu.selfMs() / runs, "ms");
        }
        table.row("CPU ms/run in the run's process, " + label, (cpu.childrenMs() + runnerCpu.childrenMs()) / runs,
                "ms", "raw: the process", raw.childrenMs() / rawSpawns);
        breakdown(table, label, runs);
    }

    /** Adds the rows for runs without a process of their own (dry runs): this JVM's CPU, then its parts. */
    void report(BenchTable table, String label, int runs) {
        steal(table, "over the runs, " + label, cpu);
        table.row("CPU ms/run in this JVM, " + label, cpu.selfMs() / runs, "ms");
        breakdown(table, label, runs);
    }

    /** A measure the neighbours slowed down shows here, not as a slower system. */
    private static void steal(BenchTable table, String over, ProcessCpu stretch) {
        table.row("CPU stolen by the hypervisor, % of the machine's, " + over, stretch.host().stealPercent(), "%");
    }

    private void breakdown(BenchTable table, String label, int runs) {
        table.row("transactions committed/run, " + label, commits / runs, "txns");
        double inThreads = byThreads.values().stream().mapToDouble(Double::doubleValue).sum();
        byThreads.entrySet().stream().limit(GROUPS_SHOWN).forEach(group ->
                table.row("  of which " + group.getKey(), group.getValue() / runs, "ms"));
        table.row("  of which the JIT compilers", cpu.jitMs() / runs, "ms");
        table.row("  of which the garbage collector", cpu.gcMs() / runs, "ms");
        // threads gone before the end are in none of the groups: each run's output readers, mostly
        table.row("  of which threads that ended (output readers) and the rest",
                (cpu.selfMs() - inThreads - cpu.jitMs() - cpu.gcMs()) / runs, "ms");
        requests.entrySet().stream().limit(GROUPS_SHOWN).forEach(r -> table.row(String.format(
                "  broker handler ms/run, %s (%.2f req/run)", r.getKey(),
                (double) r.getValue().requests() / runs), r.getValue().handlerMs() / runs, "ms"));
        clientRequests.entrySet().stream().limit(GROUPS_SHOWN).forEach(c ->
                table.row("  requests/run, " + c.getKey(), c.getValue() / runs, "req"));
    }
}
