package io.webjobs.orchestrator.topology;

import io.webjobs.avro.LogBatch;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Indexes log batches by {@code job/runId/sequence} so a run's whole log is one prefix scan of the
 * {@code run-logs} store, in order.
 */
final class RunLogProcessor implements Processor<String, LogBatch, Void, Void> {

    private KeyValueStore<String, LogBatch> logs;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.logs = context.getStateStore(JobTopology.LOG_STORE);
    }

    @Override
    public void process(Record<String, LogBatch> record) {
        LogBatch batch = record.value();
        if (batch == null || record.key() == null) {
            return;
        }
        logs.put(JobTopology.logEntryKey(record.key(), batch.getSequence()), batch);
    }
}
