package io.webjobs.orchestrator.cli;

import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "runner", description = "Start one more runner process (an instance, in WebJobs terms) against a Kafka cluster.")
final class RunnerCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers") String bootstrapServers;
    @Option(names = "--id", description = "runner id (default: generated)") String id;
    @Option(names = "--work-dir", defaultValue = "./.webjobs-runner", description = "artifacts, run and data folders (default: ${DEFAULT-VALUE})") Path workDir;
    @Option(names = "--capacity", defaultValue = "4", description = "triggered runs at once (default: ${DEFAULT-VALUE})") int capacity;
    @Option(names = "--heartbeat", defaultValue = "3", description = "seconds between heartbeats (default: ${DEFAULT-VALUE})") int heartbeatSeconds;

    @Option(names = "--dry-run", description = "acknowledge run requests without running anything: Running then Success at once (benchmarks)") boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        if (heartbeatSeconds < 1) {
            throw new CliException("--heartbeat must be at least 1 second");
        }
        Runner runner;
        try {
            runner = Runner.start(new RunnerConfig(Map.of("bootstrap.servers", bootstrapServers), id,
                    workDir.toAbsolutePath().normalize(), capacity, Clock.systemUTC(),
                    Duration.ofSeconds(heartbeatSeconds), dryRun));
        } catch (RuntimeException e) {
            throw new CliException("cannot start the runner: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            stopped.countDown();
        }, "webjobs-runner-shutdown"));
        System.out.println("runner " + runner.runnerId() + " started");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
