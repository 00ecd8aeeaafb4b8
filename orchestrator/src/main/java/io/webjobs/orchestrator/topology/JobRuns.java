package io.webjobs.orchestrator.topology;

import io.webjobs.avro.RunSnapshot;
import io.webjobs.contract.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The run history of jobs in the {@value JobTopology#RUN_STORE} store: one record per run, keyed by the job's
 * key, {@code /}, then the run id. Kudu's run ids are fixed-width UTC times, increasing per job, so a job's runs
 * are one key range in the order they were requested. A job's snapshot holds no runs: a run is written when it
 * changes, not with every change of its job, which re-encoded and re-logged the whole history each time
 * (decision 008). A snapshot written before this store existed still holds its runs and is read as it is.
 */
public final class JobRuns {

    private static final StringSerializer KEYS = new StringSerializer();

    private JobRuns() {
    }

    /** The key of the run's log on {@code webjobs.logs}, so the two name a run alike. */
    static String key(String jobKey, String runId) {
        return Topics.logKey(jobKey, runId);
    }

    /** The job key of a key of this store; job names never hold a {@code /}. */
    static String jobKeyOf(String runKey) {
        return runKey.substring(0, runKey.indexOf('/'));
    }

    /** The job's runs in the store, newest first. */
    public static List<RunSnapshot> newestFirst(ReadOnlyKeyValueStore<String, RunSnapshot> store, String jobKey) {
        List<RunSnapshot> runs = new ArrayList<>();
        try (KeyValueIterator<String, RunSnapshot> it = store.prefixScan(key(jobKey, ""), KEYS)) {
            while (it.hasNext()) {
                runs.add(it.next().value);
            }
        }
        Collections.reverse(runs);
        return runs;
    }
}
