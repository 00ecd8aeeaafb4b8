package io.webjobs.orchestrator.query;

import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLine;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobName;
import io.webjobs.orchestrator.topology.JobSnapshots;
import io.webjobs.orchestrator.topology.JobTopology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads jobs, runs and logs straight from the topology's state stores (interactive queries). */
public final class JobQueries {

    private final KafkaStreams streams;

    public JobQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public Optional<Job> job(String name) {
        return Optional.ofNullable(JobSnapshots.toJob(jobs().get(JobName.key(name))));
    }

    public List<Job> jobs(java.util.function.Predicate<Job> filter) {
        List<Job> all = new ArrayList<>();
        try (KeyValueIterator<String, JobSnapshot> it = jobs().all()) {
            while (it.hasNext()) {
                Job job = JobSnapshots.toJob(it.next().value);
                if (filter.test(job)) {
                    all.add(job);
                }
            }
        }
        all.sort(Comparator.comparing(Job::key));
        return all;
    }

    /** The run's log batches in order, with the runner that wrote each. */
    public List<LogBatch> log(String jobName, String runId) {
        ReadOnlyKeyValueStore<String, LogBatch> store = streams.store(StoreQueryParameters
                .fromNameAndType(JobTopology.LOG_STORE, QueryableStoreTypes.<String, LogBatch>keyValueStore()));
        List<LogBatch> batches = new ArrayList<>();
        try (KeyValueIterator<String, LogBatch> it = store.prefixScan(Topics.logKey(jobName, runId) + "/",
                new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, LogBatch> next = it.next();
                batches.add(next.value);
            }
        }
        return batches;
    }

    /** When the job's schedule timer is due next, if it has one. */
    public Optional<Instant> nextScheduled(String jobName) {
        ReadOnlyKeyValueStore<String, String> index = streams.store(StoreQueryParameters.fromNameAndType(
                JobTopology.TIMER_INDEX_STORE, QueryableStoreTypes.<String, String>keyValueStore()));
        String entry = index.get(JobName.key(jobName));
        return entry == null ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(entry.substring(0, 13))));
    }

    public static List<LogLine> lines(List<LogBatch> batches) {
        return batches.stream().flatMap(b -> b.getLines().stream()).toList();
    }

    private ReadOnlyKeyValueStore<String, JobSnapshot> jobs() {
        return streams.store(StoreQueryParameters.fromNameAndType(JobTopology.JOB_STORE,
                QueryableStoreTypes.<String, JobSnapshot>keyValueStore()));
    }
}
