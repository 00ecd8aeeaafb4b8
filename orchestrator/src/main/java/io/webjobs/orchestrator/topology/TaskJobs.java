package io.webjobs.orchestrator.topology;

import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.Run;
import io.webjobs.orchestrator.domain.RunLifecycle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The jobs of one task: the {@code job-state} store (each job without its runs) and the {@code job-runs} store
 * (each run, {@link JobRuns}), read through the decoded {@link Job}s of the jobs it touched last. A job's events
 * come in bursts (a command, then its runner's reports), and decoding its snapshot, history included, on each of
 * them was a third of the Avro work of the stream thread. Jobs are immutable and this task is their only writer,
 * so a kept one is the stored one; a new instance starts empty whenever the processor is initialised (a task
 * assigned, revived after an aborted transaction). Writing a job writes the runs that changed since it was kept
 * (the fold keeps an unchanged run as the same object) and deletes the runs it no longer has.
 */
final class TaskJobs {

    static final int KEPT = 10_000;

    private final KeyValueStore<String, JobSnapshot> store;
    private final KeyValueStore<String, RunSnapshot> runs;
    private final Map<String, Kept> decoded = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > KEPT;
        }
    };

    /** A job as both stores hold it; {@code runsStored} false for a snapshot that still holds its runs itself. */
    private record Kept(Job job, boolean runsStored) {
    }

    TaskJobs(KeyValueStore<String, JobSnapshot> store, KeyValueStore<String, RunSnapshot> runs) {
        this.store = store;
        this.runs = runs;
    }

    /** The job, or null when there is none. */
    Job get(String key) {
        Kept kept = decoded.get(key);
        if (kept != null) {
            return kept.job();
        }
        JobSnapshot snapshot = store.get(key);
        if (snapshot == null) {
            return null;
        }
        boolean inline = !snapshot.getRuns().isEmpty();
        Job loaded = JobSnapshots.toJob(snapshot, inline ? List.of() : JobRuns.newestFirst(runs, key));
        decoded.put(key, new Kept(loaded, !inline));
        return loaded;
    }

    void put(String key, Job job) {
        Kept before = decoded.get(key);
        if (before != null && before.runsStored()) {
            writeChangedRuns(key, before.job().runs(), job.runs());
        } else {
            // nothing known of what the run store holds for it: write its runs, drop any others
            Set<String> now = new HashSet<>();
            for (Run run : job.runs()) {
                now.add(JobRuns.key(key, run.runId()));
                runs.put(JobRuns.key(key, run.runId()), JobSnapshots.toSnapshot(run));
            }
            for (String stored : JobRuns.keysOf(runs, key)) {
                if (!now.contains(stored)) {
                    runs.delete(stored);
                }
            }
        }
        store.put(key, JobSnapshots.withoutRuns(job));
        decoded.put(key, new Kept(job, true));
    }

    private void writeChangedRuns(String key, List<Run> before, List<Run> after) {
        if (before == after || writtenAsStatusChange(key, before, after) || writtenAsNewRun(key, before, after)) {
            return;
        }
        Set<Run> unchanged = Collections.newSetFromMap(new IdentityHashMap<>(before.size() * 2));
        unchanged.addAll(before);
        Set<String> kept = new HashSet<>(after.size() * 2);
        for (Run run : after) {
            kept.add(run.runId());
            if (!unchanged.contains(run)) {
                runs.put(JobRuns.key(key, run.runId()), JobSnapshots.toSnapshot(run));
            }
        }
        for (Run run : before) {
            if (!kept.contains(run.runId())) {
                runs.delete(JobRuns.key(key, run.runId()));
            }
        }
    }

    /** The same runs in the same order, some of them changed (a report): those are written. */
    private boolean writtenAsStatusChange(String key, List<Run> before, List<Run> after) {
        if (before.size() != after.size()) {
            return false;
        }
        for (int i = 0; i < after.size(); i++) {
            Run was = before.get(i);
            Run now = after.get(i);
            if (was != now && !was.runId().equals(now.runId())) {
                return false;
            }
        }
        for (int i = 0; i < after.size(); i++) {
            if (before.get(i) != after.get(i)) {
                runs.put(JobRuns.key(key, after.get(i).runId()), JobSnapshots.toSnapshot(after.get(i)));
            }
        }
        return true;
    }

    /**
     * One run put in front of the runs before, in their order, some of them dropped (a request, pruning the oldest
     * finished ones past the history size): the new one is written, the dropped ones deleted.
     */
    private boolean writtenAsNewRun(String key, List<Run> before, List<Run> after) {
        if (after.isEmpty() || after.size() > before.size() + 1) {
            return false;
        }
        List<Run> dropped = new ArrayList<>();
        int j = 0;
        for (int i = 1; i < after.size(); i++) {
            while (j < before.size() && before.get(j) != after.get(i)) {
                dropped.add(before.get(j++));
            }
            if (j == before.size()) {
                return false; // not the same runs: left to the general comparison
            }
            j++;
        }
        while (j < before.size()) {
            dropped.add(before.get(j++));
        }
        Run added = after.get(0);
        if (dropped.stream().anyMatch(run -> run.runId().equals(added.runId()))) {
            return false; // the first one changed rather than came new
        }
        runs.put(JobRuns.key(key, added.runId()), JobSnapshots.toSnapshot(added));
        for (Run run : dropped) {
            runs.delete(JobRuns.key(key, run.runId()));
        }
        return true;
    }

    void delete(String key) {
        store.delete(key);
        for (String run : JobRuns.keysOf(runs, key)) {
            runs.delete(run);
        }
        decoded.remove(key);
    }

    /**
     * Every job of the task by key, as far as the fleet tick needs it: with its unfinished runs only. One pass over
     * each store, not a range per job: this runs once a task is restored, over all its jobs.
     */
    void forEachWithUnfinishedRuns(BiConsumer<String, Job> action) {
        Map<String, List<RunSnapshot>> unfinished = new HashMap<>();
        try (KeyValueIterator<String, RunSnapshot> it = runs.all()) {
            while (it.hasNext()) {
                KeyValue<String, RunSnapshot> next = it.next();
                if (!RunLifecycle.isFinal(next.value.getStatus())) {
                    unfinished.computeIfAbsent(JobRuns.jobKeyOf(next.key), k -> new ArrayList<>()).add(next.value);
                }
            }
        }
        try (KeyValueIterator<String, JobSnapshot> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, JobSnapshot> next = it.next();
                action.accept(next.key, JobSnapshots.toJob(next.value, unfinished.getOrDefault(next.key, List.of())));
            }
        }
    }
}
