package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.DEPLOYED_AT;
import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.InstanceAction;
import io.webjobs.avro.InstanceChanged;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.InstanceRemoved;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placement, restart policy, stop and runner loss of continuous jobs, as pure decisions. */
class ContinuousDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final FleetRules RULES = new FleetRules(Duration.ofSeconds(15), Duration.ofSeconds(60),
            Duration.ofMinutes(2));
    private static final Fleet THREE_RUNNERS = fleet("r1", "r2", "r3");
    private final JobFold fold = new JobFold(JobRules.DEFAULT);

    @Test
    void shouldPlaceAMultiInstanceJobOnEveryLiveRunner() {
        Job job = placed(aJob("{}"), THREE_RUNNERS);

        assertThat(job.instances()).extracting(Instance::runnerId).containsExactly("r1", "r2", "r3");
        assertThat(job.instances()).extracting(Instance::status).containsOnly(RunStatus.Starting);
    }

    @Test
    void shouldPlaceASingletonOnExactlyOneRunnerAndShowTheOthersInactive() {
        Job job = placed(aJob("{\"is_singleton\": true}"), THREE_RUNNERS);

        assertThat(job.instances()).hasSize(1);
        assertThat(ContinuousStatus.of(job, List.of("r1", "r2", "r3")).lines())
                .filteredOn(l -> l.endsWith("InactiveInstance")).hasSize(2);
    }

    @Test
    void shouldPlaceKInstancesWhenTheSettingsAskForK() {
        assertThat(placed(aJob("{\"instances\": 2}"), THREE_RUNNERS).instances()).hasSize(2);
        assertThat(placed(aJob("{\"instances\": 5}"), THREE_RUNNERS).instances()).hasSize(3);
    }

    @Test
    void shouldNotMoveAPlacedSingletonWhileItsRunnerLives() {
        Job job = placed(aJob("{\"is_singleton\": true}"), THREE_RUNNERS);

        assertThat(ContinuousDecisions.tick(job, THREE_RUNNERS, NOW.plusSeconds(1), RULES)).isEmpty();
    }

    @Test
    void shouldMoveASingletonOffALostRunnerAndTellThatRunnerToStop() {
        Job job = placed(aJob("{\"is_singleton\": true}"), THREE_RUNNERS);
        String holder = job.instances().get(0).runnerId();
        Map<String, Instant> seen = new HashMap<>(THREE_RUNNERS.lastSeen());
        seen.put(holder, NOW.minusSeconds(20));

        List<JobEvent> events = ContinuousDecisions.tick(job, new Fleet(seen), NOW.plusSeconds(1), RULES);

        assertThat(events.get(0).getPayload()).isEqualTo(new InstanceRemoved(holder,
                job.instances().get(0).launchId(), "runner " + holder + " lost"));
        assertThat(InstanceCommands.of(job, events.get(0), fold.apply(job, events.get(0)), NOW))
                .extracting(InstanceCommand::getAction, InstanceCommand::getRunnerId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(InstanceAction.stop, holder));
        Job moved = fold.applyAll(job, events);
        assertThat(moved.instances()).hasSize(1);
        assertThat(moved.instances().get(0).runnerId()).isNotEqualTo(holder);
    }

    @Test
    void shouldWaitInPendingRestartWhenTheProcessLivedLessThanTheMinimum() {
        Job job = running(aJob("{\"is_singleton\": true}"), NOW);
        Instance i = job.instances().get(0);

        List<JobEvent> events = ContinuousDecisions.onReport(job, exit(i, 3), NOW.plusSeconds(1), RULES);

        InstanceChanged change = (InstanceChanged) events.get(0).getPayload();
        assertThat(change.getStatus()).isEqualTo(RunStatus.PendingRestart);
        assertThat(change.getExitCode()).isEqualTo(3);
        assertThat(change.getReason()).isEqualTo("Process went down with exit code 3; restarting in 60 s");
        assertThat(change.getRestartAt()).isEqualTo(NOW.plusSeconds(61));
        Job pending = fold.applyAll(job, events);
        assertThat(ContinuousDecisions.tick(pending, fleetSeenAt(NOW.plusSeconds(60)), NOW.plusSeconds(60), RULES))
                .isEmpty();
        List<JobEvent> restart = ContinuousDecisions.tick(pending, fleetSeenAt(NOW.plusSeconds(61)),
                NOW.plusSeconds(61), RULES);
        assertThat(((InstanceChanged) restart.get(0).getPayload()).getStatus()).isEqualTo(RunStatus.Starting);
        assertThat(((InstanceChanged) restart.get(0).getPayload()).getLaunchId()).isNotEqualTo(i.launchId());
    }

    @Test
    void shouldRestartAtOnceWhenTheProcessLivedLongEnough() {
        Job job = running(aJob("{\"is_singleton\": true}"), NOW);
        Instance i = job.instances().get(0);

        List<JobEvent> events = ContinuousDecisions.onReport(job, exit(i, 0), NOW.plus(Duration.ofMinutes(3)), RULES);

        InstanceChanged change = (InstanceChanged) events.get(0).getPayload();
        assertThat(change.getStatus()).isEqualTo(RunStatus.Starting);
        assertThat(change.getReason()).isEqualTo("Process went down with exit code 0; restarting now (wait 0 s)");
    }

    @Test
    void shouldIgnoreAReportOfAnOlderLaunch() {
        Job job = running(aJob("{}"), NOW);
        Instance i = job.instances().get(0);
        RunnerReport stale = new RunnerReport("rep", i.runnerId(), JOB, "older-launch", NOW, RunStatus.Failed, 1, null, null);

        assertThat(ContinuousDecisions.onReport(job, stale, NOW, RULES)).isEmpty();
    }

    @Test
    void shouldStopRunningInstancesGracefullyWhenTheJobIsStopped() {
        Job job = running(aJob("{\"stopping_wait_time\": 7}"), NOW).withStopped(true);

        List<JobEvent> events = ContinuousDecisions.reconcile(job, THREE_RUNNERS, NOW, RULES, "cmd", "alice", 1);

        assertThat(events).extracting(e -> ((InstanceChanged) e.getPayload()).getStatus()).containsOnly(RunStatus.Stopping);
        assertThat(events.get(0).getEventId()).isEqualTo("cmd/1");
        InstanceCommand stop = InstanceCommands.of(job, events.get(0), fold.apply(job, events.get(0)), NOW).get(0);
        assertThat(stop.getAction()).isEqualTo(InstanceAction.stop);
        assertThat(stop.getStoppingWaitSeconds()).isEqualTo(7);
        Job stopping = fold.applyAll(job, events);
        Instance first = stopping.instances().get(0);
        List<JobEvent> stopped = ContinuousDecisions.onReport(stopping, new RunnerReport("r", first.runnerId(), JOB,
                first.launchId(), NOW, RunStatus.Stopped, 143, null, null), NOW, RULES);
        assertThat(((InstanceChanged) stopped.get(0).getPayload()).getStatus()).isEqualTo(RunStatus.Stopped);
        assertThat(ContinuousStatus.of(fold.applyAll(stopping, stopped), List.of("r1", "r2", "r3")).status())
                .isEqualTo("Stopping");
    }

    @Test
    void shouldPlaceNothingWhileTheJobIsStoppedAndPlaceItAgainOnStart() {
        Job stopped = aJob("{}").withStopped(true);
        assertThat(ContinuousDecisions.reconcile(stopped, THREE_RUNNERS, NOW, RULES, "cmd", "alice", 0)).isEmpty();

        assertThat(placed(stopped.withStopped(false), THREE_RUNNERS).instances()).hasSize(3);
    }

    @Test
    void shouldRelaunchInstancesOfAnOlderVersionAfterARedeploy() {
        Job job = running(aJob("{}"), NOW);
        Job redeployed = new Job(JOB, JobType.continuous, "sha256:new", SIZE, ENTRY_POINT, "{}", false,
                NOW.plusSeconds(5), List.of(), job.instances());

        List<JobEvent> events = ContinuousDecisions.reconcile(redeployed, THREE_RUNNERS, NOW.plusSeconds(5), RULES,
                "deploy", "alice", 1);

        assertThat(events).hasSize(3).extracting(e -> ((InstanceChanged) e.getPayload()).getReason())
                .containsOnly("New version deployed");
        InstanceCommand start = InstanceCommands.of(redeployed, events.get(0), fold.apply(redeployed, events.get(0)),
                NOW).get(0);
        assertThat(start.getRequest().getArtifactDigest()).isEqualTo("sha256:new");
    }

    @Test
    void shouldRelaunchAnInstanceItsRestartedRunnerNoLongerHolds() {
        Job job = running(aJob("{}"), NOW);
        Instance i = job.instances().get(0);
        Map<String, java.util.Set<String>> launches = new HashMap<>();
        job.instances().forEach(x -> launches.put(x.runnerId(), java.util.Set.of(x.launchId())));
        launches.put(i.runnerId(), java.util.Set.of());
        Fleet before = new Fleet(Map.of("r1", NOW.minusSeconds(1), "r2", NOW.minusSeconds(1), "r3",
                NOW.minusSeconds(1)), launches);
        Fleet after = new Fleet(Map.of("r1", NOW.plusSeconds(2), "r2", NOW.plusSeconds(2), "r3", NOW.plusSeconds(2)),
                launches);

        assertThat(ContinuousDecisions.tick(job, before, NOW.plusSeconds(2), RULES)).isEmpty();
        List<JobEvent> events = ContinuousDecisions.tick(job, after, NOW.plusSeconds(2), RULES);

        assertThat(events).extracting(JobEvent::getPayload).first().isEqualTo(new InstanceRemoved(i.runnerId(),
                i.launchId(), "runner " + i.runnerId() + " restarted; its process is gone"));
        assertThat(((InstanceChanged) events.get(1).getPayload()).getRunnerId()).isEqualTo(i.runnerId());
        assertThat(((InstanceChanged) events.get(1).getPayload()).getStatus()).isEqualTo(RunStatus.Starting);
    }

    @Test
    void shouldStopEveryProcessOfADeletedJob() {
        Job job = running(aJob("{}"), NOW);
        JobEvent deleted = new JobEvent("del/0", JOB, NOW, "del", "alice", new io.webjobs.avro.JobDeleted(), null);

        assertThat(InstanceCommands.of(job, deleted, null, NOW))
                .extracting(InstanceCommand::getRunnerId, InstanceCommand::getAction).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("r1", InstanceAction.stop),
                        org.assertj.core.groups.Tuple.tuple("r2", InstanceAction.stop),
                        org.assertj.core.groups.Tuple.tuple("r3", InstanceAction.stop));
    }

    @Test
    void shouldAbortATriggeredRunWhoseRunnerWasLost() {
        Run running = new Run("202611250759000000", RunStatus.Running, "External", null, NOW.minusSeconds(60), null,
                null, null, "r9");
        Job job = Fixtures.aTriggeredJob().withRuns(List.of(running));
        Map<String, Instant> seen = Map.of("r9", NOW.minusSeconds(16));

        List<JobEvent> events = ContinuousDecisions.tick(job, new Fleet(seen), NOW, RULES);

        assertThat(events).extracting(JobEvent::getPayload).containsExactly(new RunStatusChanged(running.runId(),
                RunStatus.Aborted, null, "runner r9 lost", "r9"));
        assertThat(ContinuousDecisions.tick(job, new Fleet(Map.of("r9", NOW.minusSeconds(5))), NOW, RULES)).isEmpty();
    }

    @Test
    void shouldReadWronglyTypedSettingsAsDefaults() {
        assertThat(JobSettings.parse("{\"is_singleton\": \"yes\", \"stopping_wait_time\": \"x\", \"instances\": -1}"))
                .isEqualTo(new JobSettings(false, 0, 5));
        assertThat(JobSettings.parse("not json")).isEqualTo(new JobSettings(false, 0, 5));
    }

    // ----- fixtures -----

    private static Job aJob(String settings) {
        return new Job(JOB, JobType.continuous, DIGEST, SIZE, ENTRY_POINT, settings, false, DEPLOYED_AT, List.of());
    }

    private static Fleet fleet(String... ids) {
        Map<String, Instant> seen = new HashMap<>();
        for (String id : ids) {
            seen.put(id, NOW);
        }
        return new Fleet(seen);
    }

    private static Fleet fleetSeenAt(Instant at) {
        return new Fleet(Map.of("r1", at, "r2", at, "r3", at));
    }

    private Job placed(Job job, Fleet fleet) {
        return fold.applyAll(job, ContinuousDecisions.reconcile(job, fleet, NOW, RULES, "cmd", "alice", 0));
    }

    /** Placed and reported Running at {@code at}. */
    private Job running(Job job, Instant at) {
        Job placed = placed(job, THREE_RUNNERS);
        for (Instance i : placed.instances()) {
            RunnerReport report = new RunnerReport("run-" + i.runnerId(), i.runnerId(), JOB, i.launchId(), at,
                    RunStatus.Running, null, null, null);
            placed = fold.applyAll(placed, ContinuousDecisions.onReport(placed, report, at, RULES));
        }
        return placed;
    }

    private static RunnerReport exit(Instance i, int code) {
        return new RunnerReport("exit-" + i.launchId(), i.runnerId(), JOB, i.launchId(), NOW,
                code == 0 ? RunStatus.Success : RunStatus.Failed, code, null, null);
    }
}
