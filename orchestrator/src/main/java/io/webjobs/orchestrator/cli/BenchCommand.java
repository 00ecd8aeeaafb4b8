package io.webjobs.orchestrator.cli;

import io.webjobs.orchestrator.app.ScheduleBench;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = "Benchmarks on an embedded broker; print numbers.",
        subcommands = BenchCommand.Schedules.class)
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "schedules", description = "N dry-run schedules each firing every S seconds: lateness "
            + "p50/p99/max, fires/s, duplicates, losses, heap, punctuation time.")
    static final class Schedules implements Callable<Integer> {
        @Option(names = "--schedules", defaultValue = "1000", description = "how many schedules (default: ${DEFAULT-VALUE})") int schedules;
        @Option(names = "--period", defaultValue = "10", description = "seconds between fires of one schedule; divides 60 (default: ${DEFAULT-VALUE})") int period;
        @Option(names = "--measure", defaultValue = "60", description = "seconds measured after one warm-up period (default: ${DEFAULT-VALUE})") int measure;
        @Option(names = "--all-at-once", description = "fire every schedule in the same second instead of spreading them over the period") boolean allAtOnce;
        @Option(names = "--hold", description = "hold the schedules without firing them (yearly): memory and punctuation cost only") boolean hold;

        @Override
        public Integer call() throws Exception {
            new ScheduleBench(schedules, period, !allAtOnce, hold, Duration.ofSeconds(measure), System.out).run();
            return 0;
        }
    }
}
