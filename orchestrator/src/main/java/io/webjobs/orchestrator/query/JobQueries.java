package io.webjobs.orchestrator.query;

import io.webjobs.avro.AppSetting;
import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLine;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.avro.RunnerHeartbeat;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.AppSettings;
import io.webjobs.orchestrator.domain.Fleet;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobName;
import io.webjobs.orchestrator.topology.JobRuns;
import io.webjobs.orchestrator.topology.JobSnapshots;
import io.webjobs.orchestrator.topology.JobTopology;
import io.webjobs.runner.Runner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
    private final FleetRules fleetRules;
    private final RunLogs runLogs;

    public JobQueries(KafkaStreams streams) {
        this(streams, FleetRules.DEFAULT);
    }

    public JobQueries(KafkaStreams streams, FleetRules fleetRules) {
        this(streams, fleetRules, new LocalRunLogs(streams));
    }

    /** @param runLogs where run logs are read: a run's log lives on the partition of its own key, not its job's */
    public JobQueries(KafkaStreams streams, FleetRules fleetRules, RunLogs runLogs) {
        this.streams = streams;
        this.fleetRules = fleetRules;
        this.runLogs = runLogs;
    }

    /** The runners' last heartbeats, from the global store every instance holds in full. */
    public List<RunnerHeartbeat> runners() {
        ReadOnlyKeyValueStore<String, RunnerHeartbeat> store = streams.store(StoreQueryParameters
                .fromNameAndType(JobTopology.RUNNER_STORE, QueryableStoreTypes.<String, RunnerHeartbeat>keyValueStore()));
        List<RunnerHeartbeat> all = new ArrayList<>();
        try (KeyValueIterator<String, RunnerHeartbeat> it = store.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        all.sort(Comparator.comparing(RunnerHeartbeat::getRunnerId));
        return all;
    }

    public List<String> liveRunners(Instant now) {
        Map<String, Instant> seen = new HashMap<>();
        runners().forEach(r -> seen.put(r.getRunnerId(), r.getAt()));
        return new Fleet(seen).live(now, fleetRules);
    }

    public AppSettings appSettings() {
        ReadOnlyKeyValueStore<String, AppSetting> store = streams.store(StoreQueryParameters.fromNameAndType(
                JobTopology.APP_SETTINGS_STORE, QueryableStoreTypes.<String, AppSetting>keyValueStore()));
        Map<String, String> values = new HashMap<>();
        try (KeyValueIterator<String, AppSetting> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.getValue() != null) {
                    values.put(kv.key, kv.value.getValue());
                }
            });
        }
        return new AppSettings(values);
    }

    public FleetRules fleetRules() {
        return fleetRules;
    }

    /** A continuous job's rolling log: every runner's part, merged by time. */
    public List<LogBatch> continuousLog(String jobName) {
        List<LogBatch> parts = log(jobName, Runner.CONTINUOUS_LOG_PREFIX);
        List<LogBatch> lines = new ArrayList<>();
        for (LogBatch part : parts) {
            for (LogLine line : part.getLines()) {
                lines.add(new LogBatch(part.getJobName(), part.getRunId(), part.getRunnerId(), 0L, List.of(line),
                        part.getCorrelationId()));
            }
        }
        lines.sort(Comparator.comparing((LogBatch b) -> b.getLines().get(0).getAt()));
        return lines;
    }

    public Optional<Job> job(String name) {
        return job(name, true);
    }

    /**
     * The job with no runs read: what a command needs to name it and check it (type, settings, webhook secret).
     * Reading its history too decoded up to the history size of runs for every run request.
     */
    public Optional<Job> jobWithoutRuns(String name) {
        return job(name, false);
    }

    private Optional<Job> job(String name, boolean withRuns) {
        String key = JobName.key(name);
        Integer partition = partitionOf(key);
        JobSnapshot snapshot = jobStore(partition).get(key);
        return snapshot == null ? Optional.empty() : Optional.of(JobSnapshots.toJob(snapshot,
                withRuns ? JobRuns.newestFirst(runStore(partition), key) : List.of()));
    }

    public List<Job> jobs(java.util.function.Predicate<Job> filter) {
        List<Job> all = new ArrayList<>();
        ReadOnlyKeyValueStore<String, RunSnapshot> runs = runStore(null);
        try (KeyValueIterator<String, JobSnapshot> it = jobs().all()) {
            while (it.hasNext()) {
                KeyValue<String, JobSnapshot> next = it.next();
                Job job = JobSnapshots.toJob(next.value, JobRuns.newestFirst(runs, next.key));
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
        boolean continuous = runId.equals(Runner.CONTINUOUS_LOG_PREFIX);
        // a continuous job's log has one record key per launch, so its parts may be on any partition
        String prefix = continuous ? Topics.logKey(jobName, runId) : Topics.logKey(jobName, runId) + "/";
        return runLogs.scan(continuous ? null : Topics.logKey(jobName, runId), prefix);
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
        return jobStore(null);
    }

    /**
     * Only the job's own partition: an instance that no longer holds it (its partitions are moving to another
     * orchestrator) fails with InvalidStateStoreException, answered 503 to retry, instead of not finding the job.
     */
    private ReadOnlyKeyValueStore<String, JobSnapshot> jobStore(Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, JobSnapshot>> parameters = StoreQueryParameters
                .fromNameAndType(JobTopology.JOB_STORE, QueryableStoreTypes.<String, JobSnapshot>keyValueStore());
        return streams.store(partition == null ? parameters : parameters.withPartition(partition));
    }

    /** The runs of the jobs in {@link #jobStore}, from the same partition. */
    private ReadOnlyKeyValueStore<String, RunSnapshot> runStore(Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, RunSnapshot>> parameters = StoreQueryParameters
                .fromNameAndType(JobTopology.RUN_STORE, QueryableStoreTypes.<String, RunSnapshot>keyValueStore());
        return streams.store(partition == null ? parameters : parameters.withPartition(partition));
    }

    private Integer partitionOf(String key) {
        try {
            int partition = streams.queryMetadataForKey(JobTopology.JOB_STORE, key, new StringSerializer()).partition();
            return partition >= 0 ? partition : null;
        } catch (RuntimeException e) {
            return null; // not started yet: the lookup then fails (or succeeds) as before
        }
    }
}
