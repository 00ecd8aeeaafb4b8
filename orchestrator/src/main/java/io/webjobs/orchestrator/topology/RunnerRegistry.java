package io.webjobs.orchestrator.topology;

import io.webjobs.avro.RunnerHeartbeat;
import io.webjobs.orchestrator.domain.Fleet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keeps the last heartbeat of every runner in the global store {@value JobTopology#RUNNER_STORE}
 * (heartbeats are keyed by runner id, not by job, so every job task needs all of them). A tombstone
 * (a runner that shut down cleanly) removes the runner at once.
 */
final class RunnerRegistry implements Processor<String, RunnerHeartbeat, Void, Void> {

    private KeyValueStore<String, RunnerHeartbeat> runners;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.runners = context.getStateStore(JobTopology.RUNNER_STORE);
    }

    @Override
    public void process(Record<String, RunnerHeartbeat> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            runners.delete(record.key());
        } else {
            runners.put(record.key(), record.value());
        }
    }

    static Fleet fleet(ReadOnlyKeyValueStore<String, RunnerHeartbeat> store) {
        Map<String, Instant> seen = new HashMap<>();
        Map<String, Set<String>> launches = new HashMap<>();
        try (KeyValueIterator<String, RunnerHeartbeat> it = store.all()) {
            while (it.hasNext()) {
                RunnerHeartbeat beat = it.next().value;
                if (beat != null) {
                    seen.put(beat.getRunnerId(), beat.getAt());
                    if (beat.getLaunches() != null) {
                        launches.put(beat.getRunnerId(), Set.copyOf(beat.getLaunches()));
                    }
                }
            }
        }
        return new Fleet(seen, launches);
    }
}
