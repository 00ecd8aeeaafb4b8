package io.webjobs.orchestrator.topology;

import io.webjobs.avro.LogBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Indexes log batches by {@code job/runId/sequence} so a run's whole log is one prefix scan of the
 * {@code run-logs} store, in order. The store stays bounded: a record with no value (sent by the job
 * processor when a run leaves the history or its job is deleted) forgets that log, and each log keeps
 * only its newest {@link #MAX_BATCHES} batches (a continuous job's launch, a job's scheduler log).
 */
final class RunLogProcessor implements Processor<String, LogBatch, Void, Void> {

    static final int MAX_BATCHES = 5_000;
    /** The cap is checked every this many writes to a log, so its cost per write stays small. */
    static final int CHECK_EVERY = 250;

    private final Map<String, Integer> writesSinceCheck = new HashMap<>();
    private KeyValueStore<String, LogBatch> logs;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.logs = context.getStateStore(JobTopology.LOG_STORE);
    }

    @Override
    public void process(Record<String, LogBatch> record) {
        if (record.key() == null) {
            return;
        }
        LogBatch batch = record.value();
        if (batch == null) {
            writesSinceCheck.remove(record.key());
            delete(entriesOf(record.key(), 0));
            return;
        }
        logs.put(JobTopology.logEntryKey(record.key(), batch.getSequence()), batch);
        if (writesSinceCheck.merge(record.key(), 1, Integer::sum) >= CHECK_EVERY) {
            writesSinceCheck.remove(record.key());
            delete(entriesOf(record.key(), MAX_BATCHES));
        }
    }

    /**
     * The log's entry keys but its newest {@code keep}, read forwards. Not backwards: the logs forgotten
     * before this one are the same job's older runs, whose deleted keys lie just below its range as RocksDB
     * tombstones until a compaction, and a backward read steps through all of them before it can tell the
     * range has ended (half the stream thread's time in bench runs). Forwards, the range ends on the next
     * run's live keys.
     */
    private List<String> entriesOf(String logKey, int keep) {
        List<String> keys = new ArrayList<>();
        // '0' follows '/': the range holds exactly this log's entries, oldest first
        try (KeyValueIterator<String, LogBatch> it = logs.range(logKey + "/", logKey + "0")) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        return keys.subList(0, Math.max(0, keys.size() - keep));
    }

    /** Tombstones: {@code delete} would read every batch back from RocksDB to return it. */
    private void delete(List<String> keys) {
        keys.forEach(key -> logs.put(key, null));
    }
}
