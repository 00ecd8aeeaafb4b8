package io.webjobs.orchestrator.domain;

import static io.webjobs.avro.RunStatus.PendingRestart;
import static io.webjobs.avro.RunStatus.Running;
import static io.webjobs.avro.RunStatus.Starting;
import static io.webjobs.avro.RunStatus.Stopped;
import static io.webjobs.avro.RunStatus.Stopping;

import io.webjobs.avro.InstanceChanged;
import io.webjobs.avro.InstanceRemoved;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where continuous jobs run and what happens when their processes or runners go away. Pure: the
 * topology calls {@link #reconcile} after every command of a continuous job and on every tick, and
 * {@link #onReport} for every runner report of one; the events it answers are the only placement
 * decisions, so a job is placed by its single owner task, never by racing runners.
 */
public final class ContinuousDecisions {

    private ContinuousDecisions() {
    }

    /** The periodic check of one job: runs on lost runners end, continuous instances are (re)placed. */
    public static List<JobEvent> tick(Job job, Fleet fleet, Instant now, FleetRules rules) {
        return tick(job, fleet, now, rules, false);
    }

    /**
     * Whether the fleet tick has anything to decide for this job: a continuous job (placement,
     * restarts) or a triggered job with an unfinished run (its runner may be lost). A finished,
     * idle triggered job never needs it, so the tick skips the bulk of scheduled jobs.
     */
    public static boolean watches(Job job) {
        return job != null && (job.type() == JobType.continuous
                || job.runs().stream().anyMatch(r -> !RunLifecycle.isFinal(r.status())));
    }

    /** {@code allStopped}: WEBJOBS_STOPPED is set, so every job counts as stopped. */
    public static List<JobEvent> tick(Job job, Fleet fleet, Instant now, FleetRules rules, boolean allStopped) {
        String cause = "tick:" + job.key() + ":" + now.toEpochMilli();
        if (job.type() == JobType.triggered) {
            return abortRunsOfLostRunners(job, fleet, now, rules, cause);
        }
        return reconcile(job, fleet, now, rules, cause, "orchestrator", 0, allStopped);
    }

    /**
     * Brings the job's instances to what its state asks for: stopped → stop them; otherwise drop those on
     * lost runners, relaunch outdated versions and due restarts, and place or remove instances until the
     * scale (multi, single, K) is met. Keeps instances where they are when it can (a singleton does not hop).
     * Event ids continue from {@code firstIndex} under {@code cause}.
     */
    public static List<JobEvent> reconcile(Job job, Fleet fleet, Instant now, FleetRules rules, String cause,
            String actor, int firstIndex) {
        return reconcile(job, fleet, now, rules, cause, actor, firstIndex, false);
    }

    public static List<JobEvent> reconcile(Job job, Fleet fleet, Instant now, FleetRules rules, String cause,
            String actor, int firstIndex, boolean allStopped) {
        if (job == null || job.type() != JobType.continuous) {
            return List.of();
        }
        Events events = new Events(job, now, cause, actor, firstIndex);
        List<String> live = fleet.live(now, rules);
        List<Instance> onLive = new ArrayList<>();
        for (Instance i : job.instances()) {
            if (!live.contains(i.runnerId())) {
                events.add(new InstanceRemoved(i.runnerId(), i.launchId(), "runner " + i.runnerId() + " lost"));
            } else if (fleet.forgot(i)) {
                events.add(new InstanceRemoved(i.runnerId(), i.launchId(), "runner " + i.runnerId()
                        + " restarted; its process is gone"));
            } else {
                onLive.add(i);
            }
        }
        if (job.stopped() || allStopped) {
            for (Instance i : onLive) {
                if (i.status() == Starting || i.status() == Running) {
                    events.add(change(i, i.launchId(), Stopping, null, why(job), null));
                } else if (i.status() == PendingRestart) {
                    events.add(change(i, i.launchId(), Stopped, null, why(job), null));
                }
            }
            return events.list;
        }
        int target = JobSettings.parse(job.settingsJson()).targetInstances(live.size());
        List<Instance> kept = onLive.stream().filter(Instance::active).limit(target).toList();
        Set<String> used = new HashSet<>();
        for (Instance i : kept) {
            used.add(i.runnerId());
            if (!i.deployedAt().equals(job.deployedAt())) {
                events.launch(i.runnerId(), "New version deployed");
            } else if (i.status() == PendingRestart && i.restartAt() != null && !i.restartAt().isAfter(now)) {
                events.launch(i.runnerId(), "Restarting after " + Duration.between(i.since(), now).toSeconds() + " s");
            }
        }
        for (Instance i : onLive) {
            if (!used.contains(i.runnerId())) {
                events.add(new InstanceRemoved(i.runnerId(), i.launchId(), i.active() ? "Scaled down" : "Not placed here"));
            }
        }
        List<String> candidates = rotate(live.stream().filter(id -> !used.contains(id)).toList(), job.key());
        for (int n = kept.size(), c = 0; n < target && c < candidates.size(); n++, c++) {
            events.launch(candidates.get(c), "Placed on runner " + candidates.get(c));
        }
        return events.list;
    }

    /**
     * A runner's report about an instance. Reports of another launch (an older process, a runner that was
     * declared lost) are stale and dropped on purpose. An exit restarts the instance: at once if it lived
     * at least {@code minLifetime}, else after {@code restartDelay} in PendingRestart.
     */
    public static List<JobEvent> onReport(Job job, RunnerReport report, Instant now, FleetRules rules) {
        return onReport(job, report, now, rules, false);
    }

    public static List<JobEvent> onReport(Job job, RunnerReport report, Instant now, FleetRules rules,
            boolean allStopped) {
        Optional<Instance> found = job.instance(report.getRunnerId())
                .filter(i -> i.launchId().equals(report.getRunId()));
        if (found.isEmpty()) {
            return List.of();
        }
        Instance i = found.get();
        Events events = new Events(job, now, report.getReportId(), report.getRunnerId(), 0);
        RunStatus seen = report.getStatus();
        if (seen == Running) {
            if (i.status() == Starting) {
                InstanceChanged running = change(i, i.launchId(), Running, null, null, null);
                running.setObservedAt(report.getAt());
                events.add(running);
            }
            return events.list;
        }
        if (seen == Starting || seen == RunStatus.Initializing || seen == PendingRestart || seen == Stopping) {
            return events.list;
        }
        // The process is gone (Stopped, Success, Failed, Aborted).
        if (i.status() == Stopping || job.stopped() || allStopped) {
            if (i.status() != Stopped) {
                events.add(change(i, i.launchId(), Stopped, report.getExitCode(), report.getReason(), null));
            }
            return events.list;
        }
        if (i.status() != Starting && i.status() != Running) {
            return events.list;
        }
        String exit = report.getExitCode() != null ? "Process went down with exit code " + report.getExitCode()
                : "Process went down" + (report.getReason() != null ? ": " + report.getReason() : "");
        Duration lived = i.runningSince() == null ? Duration.ZERO : Duration.between(i.runningSince(), now);
        if (lived.compareTo(rules.minLifetime()) < 0) {
            events.add(change(i, i.launchId(), PendingRestart, report.getExitCode(),
                    exit + "; restarting in " + rules.restartDelay().toSeconds() + " s",
                    now.plus(rules.restartDelay())));
        } else {
            events.launch(i.runnerId(), exit + "; restarting now (wait 0 s)", report.getExitCode());
        }
        return events.list;
    }

    /**
     * Triggered runs on a runner that stopped heartbeating end Aborted, saying which runner was lost. A
     * runner with no heartbeat at all is not judged: runners heartbeat before taking requests, and one that
     * shut down cleanly (its heartbeat deleted) ended its runs itself.
     */
    static List<JobEvent> abortRunsOfLostRunners(Job job, Fleet fleet, Instant now, FleetRules rules, String cause) {
        Events events = new Events(job, now, cause, "orchestrator", 0);
        job.activeRun().filter(r -> r.runnerId() != null && fleet.lastSeen().containsKey(r.runnerId())
                        && !fleet.isLive(r.runnerId(), now, rules))
                .ifPresent(r -> events.add(new RunStatusChanged(r.runId(), RunStatus.Aborted, null,
                        "runner " + r.runnerId() + " lost", r.runnerId())));
        return events.list;
    }

    private static String why(Job job) {
        return job.stopped() ? "Job stopped" : "WebJobs stopped (WEBJOBS_STOPPED)";
    }

    private static InstanceChanged change(Instance i, String launchId, RunStatus status, Integer exitCode,
            String reason, Instant restartAt) {
        return new InstanceChanged(i.runnerId(), launchId, status, exitCode, reason, restartAt, null);
    }

    /** Spreads singletons: each job starts its candidate list at a different runner. */
    private static List<String> rotate(List<String> runners, String jobKey) {
        if (runners.isEmpty()) {
            return runners;
        }
        int start = Math.floorMod(jobKey.hashCode(), runners.size());
        List<String> rotated = new ArrayList<>(runners.subList(start, runners.size()));
        rotated.addAll(runners.subList(0, start));
        return rotated;
    }

    /** Numbers the events of one decision; a launch's id is its event's id, so it is unique and replayable. */
    private static final class Events {
        final List<JobEvent> list = new ArrayList<>();
        final Job job;
        final Instant now;
        final String cause;
        final String actor;
        final int firstIndex;

        Events(Job job, Instant now, String cause, String actor, int firstIndex) {
            this.job = job;
            this.now = now;
            this.cause = cause;
            this.actor = actor;
            this.firstIndex = firstIndex;
        }

        String nextId() {
            return cause + "/" + (firstIndex + list.size());
        }

        void add(Object payload) {
            list.add(new JobEvent(nextId(), job.name(), now, cause, actor, payload, null));
        }

        void launch(String runnerId, String reason) {
            launch(runnerId, reason, null);
        }

        void launch(String runnerId, String reason, Integer exitCode) {
            add(new InstanceChanged(runnerId, nextId(), Starting, exitCode, reason, null, null));
        }
    }
}
