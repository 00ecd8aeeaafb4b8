package io.webjobs.orchestrator.topology;

import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.orchestrator.domain.ChangedRuns;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.Run;
import io.webjobs.orchestrator.domain.RunLifecycle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * and deletes the runs it no longer has ({@link ChangedRuns}); the job itself only when more than its runs changed.
 */
final class TaskJobs {

    static final int KEPT = 10_000;

    private final KeyValueStore<String, JobSnapshot> store;
    private final KeyValueStore<String, RunSnapshot> runs;
    private final Map<String, Job> decoded = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > KEPT;
        }
    };

    TaskJobs(KeyValueStore<String, JobSnapshot> store, KeyValueStore<String, RunSnapshot> runs) {
        this.store = store;
        this.runs = runs;
    }

    /** The job, or null when there is none. */
    Job get(String key) {
        Job kept = decoded.get(key);
        if (kept != null) {
            return kept;
        }
        JobSnapshot snapshot = store.get(key);
        if (snapshot == null) {
            return null;
        }
        if (!snapshot.getRuns().isEmpty()) {
            // stored before the run store, its runs still in the snapshot: not kept, so its first write moves them
            return JobSnapshots.toJob(snapshot);
        }
        Job loaded = JobSnapshots.toJob(snapshot, JobRuns.newestFirst(runs, key));
        decoded.put(key, loaded);
        return loaded;
    }

    void put(String key, Job job) {
        Job kept = decoded.get(key);
        // a job not kept is compared with what the run store holds for it (nothing, for a new or moved one)
        List<Run> before = kept != null ? kept.runs() : storedRuns(key);
        ChangedRuns changes = ChangedRuns.between(before, job.runs());
        for (Run run : changes.written()) {
            runs.put(JobRuns.key(key, run.runId()), JobSnapshots.toSnapshot(run));
        }
        for (String runId : changes.removed()) {
            forgetRun(key, runId);
        }
        // A run's request or report changes runs only: rewriting the unchanged job as well sent it through the
        // cache, and into RocksDB and its changelog at each commit, for every job that ran.
        if (kept == null || !kept.sameApartFromRuns(job)) {
            store.put(key, JobSnapshots.withoutRuns(job));
        }
        decoded.put(key, job);
    }

    private List<Run> storedRuns(String key) {
        return JobRuns.newestFirst(runs, key).stream().map(JobSnapshots::toRun).toList();
    }

    void delete(String key) {
        store.delete(key);
        for (RunSnapshot run : JobRuns.newestFirst(runs, key)) {
            forgetRun(key, run.getRunId());
        }
        decoded.remove(key);
    }

    /**
     * A tombstone, not {@code delete()}: delete returns the old value, so it read each pruned run back from
     * RocksDB first (a seventh of the stream thread's processing in bench orchestration).
     */
    private void forgetRun(String key, String runId) {
        runs.put(JobRuns.key(key, runId), null);
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
