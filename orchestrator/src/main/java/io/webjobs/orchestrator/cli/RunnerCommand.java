package io.webjobs.orchestrator.cli;

import io.webjobs.orchestrator.app.KafkaClientSettings;
import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "runner", description = "Start one more runner process (an instance, in WebJobs terms) against a Kafka cluster.")
final class RunnerCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (or bootstrap.servers in --kafka-config)") String bootstrapServers;
    @Option(names = "--kafka-config", paramLabel = "FILE", description = "Kafka client properties (SASL, TLS …)") Path kafkaConfig;
    @Option(names = "--id", description = "runner id (default: generated)") String id;
    @Option(names = "--work-dir", defaultValue = "./.webjobs-runner", description = "artifacts, run and data folders (default: ${DEFAULT-VALUE})") Path workDir;
    @Option(names = "--capacity", defaultValue = "4", description = "triggered runs at once (default: ${DEFAULT-VALUE})") int capacity;
    @Option(names = "--heartbeat", defaultValue = "3", description = "seconds between heartbeats (default: ${DEFAULT-VALUE})") int heartbeatSeconds;

    @Option(names = "--dry-run", description = "acknowledge run requests without running anything: Running then Success at once (benchmarks)") boolean dryRun;
    // `up` starts its runners so: one left behind by an `up` killed with -9 would run jobs for nobody
    @Option(names = "--exit-with-parent", description = "stop when the process that started this one ends") boolean exitWithParent;

    @Override
    public Integer call() throws InterruptedException {
        if (heartbeatSeconds < 1) {
            throw new CliException("--heartbeat must be at least 1 second");
        }
        Map<String, Object> kafka;
        try {
            kafka = KafkaClientSettings.of(bootstrapServers, kafkaConfig);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        if (!KafkaClientSettings.namesACluster(kafka)) {
            throw new CliException("give --bootstrap-servers (or bootstrap.servers in --kafka-config)");
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        Runner runner;
        try {
            runner = Runner.start(new RunnerConfig(kafka, id,
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
        if (exitWithParent) {
            // A parent gone before this line leaves a completed future: the runner stops at once. It stops as a
            // killed host does (its runs' processes die, no goodbye): the broker of an `up` is gone with it, and
            // a clean stop waited for it in vain for over a minute.
            parent.map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null)).thenRun(() -> {
                runner.crash();
                Runtime.getRuntime().halt(0);
            });
        }
        stopped.await();
        return 0;
    }
}
