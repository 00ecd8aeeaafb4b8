package io.webjobs.orchestrator.cli;

import io.webjobs.orchestrator.app.ScheduleBench;
import io.webjobs.orchestrator.bench.BenchTable;
import io.webjobs.orchestrator.bench.LatencyBench;
import io.webjobs.orchestrator.bench.OrchestrationBench;
import io.webjobs.orchestrator.bench.RunsBench;
import io.webjobs.orchestrator.bench.StartupBench;
import io.webjobs.orchestrator.bench.StatusBench;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = "Benchmarks on an embedded broker; print numbers.",
        subcommands = {BenchCommand.Schedules.class, BenchCommand.Orchestration.class, BenchCommand.Runs.class,
                BenchCommand.Latency.class, BenchCommand.Status.class, BenchCommand.Startup.class})
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "schedules", description = "N dry-run schedules each firing every S seconds: lateness "
            + "p50/p99/max, fires/s, duplicates, losses, heap, punctuation time; next to Quartz (RAMJobStore) "
            + "with the same schedules in the same run.")
    static final class Schedules extends Reported {
        @Option(names = "--schedules", split = ",", defaultValue = "1000", description = "how many schedules; a list (1000,10000,100000) measures each in turn (default: ${DEFAULT-VALUE})") List<Integer> schedules;
        @Option(names = "--period", defaultValue = "10", description = "seconds between fires of one schedule; divides 60 (default: ${DEFAULT-VALUE})") int period;
        @Option(names = "--measure", defaultValue = "60", description = "seconds measured after one warm-up period (default: ${DEFAULT-VALUE})") int measure;
        @Option(names = "--all-at-once", description = "fire every schedule in the same second instead of spreading them over the period") boolean allAtOnce;
        @Option(names = "--hold", description = "hold the schedules without firing them (yearly): memory and punctuation cost only") boolean hold;
        @Option(names = "--no-quartz", description = "skip the Quartz baseline") boolean noQuartz;
        @Option(names = "--stream-threads", split = ",", defaultValue = "1,3", description = "orchestrator stream threads; a list measures each in turn, Quartz once per N (default: ${DEFAULT-VALUE})") List<Integer> streamThreads;

        @Override
        BenchTable measure() throws Exception {
            schedules.forEach(n -> positive(n, "--schedules"));
            positive(measure, "--measure");
            streamThreads.forEach(StreamThreadsOption::checked);
            BenchTable table = new BenchTable("schedules", Map.of("schedules", schedules, "periodSeconds", period,
                    "measureSeconds", measure, "spread", !allAtOnce, "hold", hold, "streamThreads", streamThreads));
            for (int n : schedules) {
                for (int i = 0; i < streamThreads.size(); i++) {
                    new ScheduleBench(n, period, !allAtOnce, hold, Duration.ofSeconds(measure), System.out, timeout(),
                            streamThreads.get(i)).run(table, !noQuartz && i == 0);
                }
            }
            table.note("lateness: webjobs RunRequested time - due time (dry runs); Quartz job started - scheduled "
                    + "fire time; both in this JVM, one after the other");
            return table;
        }

        @Override
        String name() {
            return "schedules";
        }
    }

    /** Where the JSON of a benchmark goes; prints the table and writes the file. */
    abstract static class Reported implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", description = "JSON result file (default: bench-<name>.json)") Path out;
        @Option(names = "--timeout", defaultValue = "300", description = "seconds before a stuck benchmark fails (default: ${DEFAULT-VALUE})") int timeoutSeconds;

        abstract BenchTable measure() throws Exception;

        abstract String name();

        Duration timeout() {
            return Duration.ofSeconds(timeoutSeconds);
        }

        @Override
        public Integer call() throws Exception {
            BenchTable table = measure();
            table.print(System.out);
            Path file = out != null ? out : Path.of("bench-" + name() + ".json");
            table.write(file, Instant.now());
            System.out.println("written to " + file.toAbsolutePath());
            return 0;
        }

        static void positive(int value, String option) {
            if (value < 1) {
                throw new CliException(option + " must be at least 1");
            }
        }
    }

    @Command(name = "orchestration", description = "Runs/s with dry-run runners (no process): the orchestrator alone, exactly-once.")
    static final class Orchestration extends Reported {
        @Option(names = "--runs", defaultValue = "200000", description = "measured runs (default: ${DEFAULT-VALUE})") int runs;
        @Option(names = "--warm-up", defaultValue = "400000", description = "runs before the measure, at least one per job (default: ${DEFAULT-VALUE})") int warmUp;
        @Option(names = "--jobs", defaultValue = "3000", description = "jobs the runs are spread over (default: ${DEFAULT-VALUE})") int jobs;
        @Option(names = "--runners", defaultValue = "1", description = "dry-run runners (default: ${DEFAULT-VALUE})") int runners;
        @Option(names = "--history-size", defaultValue = "50", description = "runs kept per job (default: ${DEFAULT-VALUE})") int historySize;

        @Override
        BenchTable measure() throws Exception {
            positive(runs, "--runs");
            positive(jobs, "--jobs");
            positive(runners, "--runners");
            positive(historySize, "--history-size");
            positive(warmUp, "--warm-up");
            return new OrchestrationBench(runs, warmUp, jobs, runners, historySize, timeout()).run();
        }

        @Override
        String name() {
            return "orchestration";
        }
    }

    @Command(name = "runs", description = "Runs of 'exit 0' completed/s end to end with 1 and 2 runners, next to raw ProcessBuilder.")
    static final class Runs extends Reported {
        @Option(names = "--runs", defaultValue = "2000", description = "runs per measured round (default: ${DEFAULT-VALUE})") int runs;
        // A round of runs, then a round of raw spawns: the host's speed drifts by 15 % over minutes.
        @Option(names = "--rounds", defaultValue = "5", description = "measured rounds per runner count, each runs then raw spawns; the table shows the median (default: ${DEFAULT-VALUE})") int rounds;
        // A server has run for a while: after 500 runs of warm-up the JIT still took 40 % of this JVM's CPU per run,
        // after 4,000 30 %, after 12,000 10-30 %, after 30,000 to 40,000 5-10 %. It never reaches nothing: a round
        // after 80,000 still had 19 %, a long tail of late compilations (decision 008, session 11).
        @Option(names = "--warm-up", defaultValue = "10000", description = "runs before each measure, at least one per job; then rounds of --runs until the JIT takes at most 10 %% of this JVM's CPU (default: ${DEFAULT-VALUE})") int warmUp;
        @Option(names = "--warm-up-limit", defaultValue = "60000", description = "runs before each measure, at most, should the JIT not settle before (default: ${DEFAULT-VALUE})") int warmUpLimit;
        @Option(names = "--capacity", defaultValue = "4", description = "runs at once per runner (default: ${DEFAULT-VALUE})") int capacity;
        // Each client waits for its run to be accepted (one exactly-once commit); 8 left the runners idle between
        // commits, so the figure measured the clients, not the system. 64 left two runners a quarter of the CPU
        // idle on a warm server (1.5-1.66 of 2 cores busy, 1.82 with 128).
        @Option(names = "--clients", defaultValue = "128", description = "concurrent HTTP clients (and jobs) triggering runs (default: ${DEFAULT-VALUE})") int clients;
        @Option(names = "--in-process-runners", description = "run the runners in the bench's JVM, as `up` did before it started them as child JVMs, instead of each in a JVM of its own") boolean inProcessRunners;

        @Override
        BenchTable measure() throws Exception {
            positive(runs, "--runs");
            positive(rounds, "--rounds");
            positive(capacity, "--capacity");
            positive(clients, "--clients");
            positive(warmUp, "--warm-up");
            if (warmUpLimit < warmUp) {
                throw new CliException("--warm-up-limit must be at least --warm-up (" + warmUp + ")");
            }
            return new RunsBench(runs, rounds, warmUp, warmUpLimit, capacity, clients, !inProcessRunners, timeout()).run();
        }

        @Override
        String name() {
            return "runs";
        }
    }

    @Command(name = "latency", description = "API run -> process started, process exit -> status visible via GET: p50/p99.")
    static final class Latency extends Reported {
        @Option(names = "--samples", defaultValue = "200", description = "runs measured one at a time (default: ${DEFAULT-VALUE})") int samples;
        @Option(names = "--warm-up", defaultValue = "1000", description = "runs sent in a burst before the measure, 0 for none (default: ${DEFAULT-VALUE})") int warmUp;

        @Override
        BenchTable measure() throws Exception {
            positive(samples, "--samples");
            if (warmUp < 0) {
                throw new CliException("--warm-up must be 0 or more");
            }
            return new LatencyBench(samples, warmUp, timeout()).run();
        }

        @Override
        String name() {
            return "latency";
        }
    }

    @Command(name = "status", description = "GET /api/triggeredwebjobs/{name} latency and throughput under N concurrent clients.")
    static final class Status extends Reported {
        @Option(names = "--clients", defaultValue = "8", description = "concurrent clients (default: ${DEFAULT-VALUE})") int clients;
        @Option(names = "--seconds", defaultValue = "10", description = "seconds of load per endpoint (default: ${DEFAULT-VALUE})") int seconds;

        @Override
        BenchTable measure() throws Exception {
            positive(clients, "--clients");
            positive(seconds, "--seconds");
            return new StatusBench(clients, Duration.ofSeconds(seconds)).run();
        }

        @Override
        String name() {
            return "status";
        }
    }

    @Command(name = "startup", description = "'up' in a child JVM from cold to ready, and its idle RSS.")
    static final class Startup extends Reported {
        @Option(names = "--rounds", defaultValue = "3", description = "cold starts (default: ${DEFAULT-VALUE})") int rounds;
        @Option(names = "--idle", defaultValue = "5", description = "seconds idle before RSS is read (default: ${DEFAULT-VALUE})") int idle;

        @Override
        BenchTable measure() throws Exception {
            positive(rounds, "--rounds");
            if (idle < 0) {
                throw new CliException("--idle must not be negative");
            }
            return new StartupBench(rounds, Duration.ofSeconds(idle), timeout()).run();
        }

        @Override
        String name() {
            return "startup";
        }
    }
}
