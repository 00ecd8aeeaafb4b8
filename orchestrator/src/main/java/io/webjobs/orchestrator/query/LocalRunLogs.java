package io.webjobs.orchestrator.query;

import io.webjobs.avro.LogBatch;
import io.webjobs.orchestrator.topology.JobTopology;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The partitions of the {@code run-logs} store this instance holds. */
public final class LocalRunLogs implements RunLogs {

    private final KafkaStreams streams;

    public LocalRunLogs(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public List<LogBatch> scan(String recordKey, String prefix) {
        ReadOnlyKeyValueStore<String, LogBatch> store = streams.store(StoreQueryParameters
                .fromNameAndType(JobTopology.LOG_STORE, QueryableStoreTypes.<String, LogBatch>keyValueStore()));
        List<LogBatch> batches = new ArrayList<>();
        try (KeyValueIterator<String, LogBatch> it = store.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> batches.add(kv.value));
        }
        return batches;
    }
}
