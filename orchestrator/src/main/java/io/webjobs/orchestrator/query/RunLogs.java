package io.webjobs.orchestrator.query;

import io.webjobs.avro.LogBatch;
import java.util.List;

/** The {@code run-logs} store, wherever its partitions live: this instance's ({@link LocalRunLogs}) or the cluster's. */
public interface RunLogs {

    /**
     * The batches whose store key starts with {@code prefix}, in key order.
     *
     * @param recordKey the key the batches have on the log topic, which decides their partition; null when they
     *        may be on any partition (a continuous job's log: one record key per launch)
     */
    List<LogBatch> scan(String recordKey, String prefix);
}
