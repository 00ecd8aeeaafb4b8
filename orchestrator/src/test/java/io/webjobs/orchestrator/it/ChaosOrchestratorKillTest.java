package io.webjobs.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webjobs.avro.DeployJob;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunJob;
import io.webjobs.avro.UpdateSettings;
import io.webjobs.contract.CommandPublisher;
import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.TopicSetup;
import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the orchestrator (a child JVM) in the middle of 1,000 schedules firing and 200 manual runs, half of
 * them sent before the kill and half while it is dead; then a new orchestrator on the same state directory.
 * Runs go to a dry-run runner so the load is the orchestrator's, not fork's.
 */
class ChaosOrchestratorKillTest {

    private static final int SCHEDULES = 1_000;
    private static final int MANUAL_RUNS = 200;
    /** Every 10 s, spread over the seconds: 100 fires a second, a steady load without a burst at :00. */
    private static final int PERIOD_SECONDS = 10;
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    @Test
    void shouldLoseNoCommandFireNoTickTwiceAndEndEveryRunAfterAKill9(@TempDir Path dir) throws Exception {
        try (IsolatedSystem system = IsolatedSystem.start(dir)) {
            TopicSetup.ensureTopics(system.kafka(), (short) 1);
            Path stateDir = dir.resolve("streams");
            try (EventLogTail log = new EventLogTail(system.kafka());
                    CommandPublisher commands = new CommandPublisher(system.kafka());
                    ChildOrchestrator child = ChildOrchestrator.start(system.bootstrapServers(), stateDir,
                            dir.resolve("child.log"))) {
                system.startRunner("chaos-dry-runner", true);

                List<String> deploys = new ArrayList<>();
                for (int i = 0; i < SCHEDULES; i++) {
                    String settings = "{\"schedule\":\"" + (i % PERIOD_SECONDS) + "/" + PERIOD_SECONDS
                            + " * * * * *\",\"concurrency\":\"allow\"}";
                    deploys.add(commands.send(command(job(i), "deploy", i, new DeployJob(job(i), JobType.triggered,
                            "sha256:chaos", 0L, "run.sh", settings))));
                }
                await().atMost(RECOVERY).until(() -> log.unanswered(deploys).isEmpty() && log.scheduledFires() >= 300);

                List<String> runs = new ArrayList<>();
                for (int i = 0; i < MANUAL_RUNS / 2; i++) {
                    runs.add(commands.send(command(job(i), "run", i, new RunJob(null, "chaos", null))));
                }
                child.kill();
                long killed = System.nanoTime();
                Instant killedAt = Instant.now();
                for (int i = MANUAL_RUNS / 2; i < MANUAL_RUNS; i++) {
                    runs.add(commands.send(command(job(i), "run", i, new RunJob(null, "chaos", null))));
                }

                Orchestrator restarted = system.startOrchestrator(stateDir);
                Instant readyAt = Instant.now();
                ChaosReport.recovery("orchestrator-kill-ready", "orchestrator kill -9 → new orchestrator RUNNING",
                        Duration.ofNanos(System.nanoTime() - killed));
                await().atMost(RECOVERY).until(() -> log.unanswered(runs).isEmpty()
                        && runs.stream().allMatch(id -> log.runsRequestedBy(List.of(id)).get(id) == 1)
                        && log.everyRunRequestedByNowIsFinal(killedAt));
                ChaosReport.recovery("orchestrator-kill-runs-final",
                        "orchestrator kill -9 → every command answered and every run requested before it final",
                        Duration.ofNanos(System.nanoTime() - killed));
                await().atMost(RECOVERY).until(() -> log.scheduledFiresDueAfter(readyAt) >= SCHEDULES / PERIOD_SECONDS);
                ChaosReport.recovery("orchestrator-kill-schedules",
                        "orchestrator kill -9 → schedules firing again (a second's worth of ticks due after the restart)",
                        Duration.ofNanos(System.nanoTime() - killed));

                // Quiet the schedules so that "every run ends" has an end.
                List<String> unscheduled = new ArrayList<>();
                for (int i = 0; i < SCHEDULES; i++) {
                    unscheduled.add(commands.send(command(job(i), "unschedule", i,
                            new UpdateSettings("{\"concurrency\":\"allow\"}"))));
                }
                await().atMost(RECOVERY).until(() -> log.unanswered(unscheduled).isEmpty() && log.runsNotFinal().isEmpty());

                assertThat(log.unanswered(deploys)).as("deploy commands lost").isEmpty();
                assertThat(log.runsRequestedBy(runs)).as("runs requested per run command").allSatisfy(
                        (command, count) -> assertThat(count).as(command).isEqualTo(1));
                assertThat(log.rejectedCommands()).as("refused commands").isEmpty();
                assertThat(log.occurrencesFiredTwice()).as("schedule occurrences fired twice").isEmpty();
                assertThat(log.runsNotFinal()).as("runs without a final status").isEmpty();
                System.out.printf("chaos: orchestrator kill -9 load: %,d scheduled fires, %,d runs, %s, %,d events%n",
                        log.scheduledFires(), log.runsRequested(), log.finalStatuses(), log.events());

                Result verify = CliEndToEndTest.cli("verify", "--url", "http://127.0.0.1:" + restarted.port());
                assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
                assertThat(verify.out()).startsWith("ok: " + SCHEDULES + " jobs rebuilt from");
            }
        }
    }

    private static String job(int i) {
        return "chaos-" + i;
    }

    private static JobCommand command(String job, String kind, int i, Object payload) {
        return new JobCommand(kind + "-" + i + "-" + java.util.UUID.randomUUID(), Instant.now(), "chaos-test", job,
                payload, null);
    }

}
