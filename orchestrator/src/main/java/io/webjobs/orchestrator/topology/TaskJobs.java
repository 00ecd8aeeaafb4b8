package io.webjobs.orchestrator.topology;

import io.webjobs.avro.JobSnapshot;
import io.webjobs.orchestrator.domain.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The jobs of one task: the {@code job-state} store, read through the decoded {@link Job}s of the jobs it
 * touched last. A job's events come in bursts (a command, then its runner's reports), and decoding its
 * snapshot, history included, on each of them was a third of the Avro work of the stream thread. Jobs are
 * immutable and this task is their only writer, so a kept one is the stored one; a new instance starts
 * empty whenever the processor is initialised (a task assigned, revived after an aborted transaction).
 */
final class TaskJobs {

    static final int KEPT = 10_000;

    private final KeyValueStore<String, JobSnapshot> store;
    private final Map<String, Job> decoded = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > KEPT;
        }
    };

    TaskJobs(KeyValueStore<String, JobSnapshot> store) {
        this.store = store;
    }

    /** The job, or null when there is none. */
    Job get(String key) {
        Job kept = decoded.get(key);
        if (kept != null) {
            return kept;
        }
        Job loaded = JobSnapshots.toJob(store.get(key));
        if (loaded != null) {
            decoded.put(key, loaded);
        }
        return loaded;
    }

    void put(String key, Job job) {
        store.put(key, JobSnapshots.toSnapshot(job));
        decoded.put(key, job);
    }

    void delete(String key) {
        store.delete(key);
        decoded.remove(key);
    }

    KeyValueStore<String, JobSnapshot> store() {
        return store;
    }
}
