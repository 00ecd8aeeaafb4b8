package io.webjobs.orchestrator.topology;

import io.webjobs.avro.AppSetting;
import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.avro.RunnerHeartbeat;
import io.webjobs.contract.AvroSerde;
import io.webjobs.contract.Topic;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The orchestrator's topology, every node and store named (auto-generated names would rename the
 * changelog topics on a refactor):
 * <pre>
 *  webjobs.commands ──┐
 *                     ├─► job-processor [job-state, job-runs, command-ledger, schedule-timers, schedule-index] ─► webjobs.events
 *  webjobs.runner-reports ┘   (reads [runners, app-settings];             ├► webjobs.run-requests
 *                              punctuators: due timers, fleet tick)     ├► webjobs.runner-commands
 *                                                                         ├► webjobs.status
 *                                                                         └► webjobs.logs (scheduler log)
 *  webjobs.logs ─────► log-indexer [run-logs]
 *  webjobs.instances ─► runner-registry [runners] (global store; job-processor ticks against it)
 *  webjobs.app-settings ─► app-settings-registry [app-settings] (global store; WEBJOBS_STOPPED)
 * </pre>
 */
public final class JobTopology {

    public static final String JOB_STORE = "job-state";
    /** Every job's runs, one record each (see {@link JobRuns}); the job-state snapshots hold none. */
    public static final String RUN_STORE = "job-runs";
    public static final String LOG_STORE = "run-logs";
    public static final String TIMER_STORE = "schedule-timers";
    public static final String TIMER_INDEX_STORE = "schedule-index";
    /** Scheduler log lines, and the records without value that make the log indexer forget a pruned run's log. */
    static final String LOGS_SINK = "logs-sink";
    static final String EVENTS_SINK = "events-sink";
    static final String RUN_REQUESTS_SINK = "run-requests-sink";
    /** Command ids already applied, with their receipts (see {@link CommandLedger}). */
    public static final String COMMAND_LEDGER_STORE = "command-ledger";
    static final String STATUS_SINK = "status-sink";
    static final String RUNNER_COMMANDS_SINK = "runner-commands-sink";
    /** Global store: the last heartbeat of every runner (the fleet). */
    public static final String RUNNER_STORE = "runners";
    /** Global store: app-wide settings (WEBJOBS_STOPPED, … and user settings given to job processes). */
    public static final String APP_SETTINGS_STORE = "app-settings";
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

    private JobTopology() {
    }

    public static Topology build(JobRules rules) {
        return build(rules, ScheduleRules.DEFAULT, FleetRules.DEFAULT, DEFAULT_TICK);
    }

    public static Topology build(JobRules rules, ScheduleRules scheduleRules) {
        return build(rules, scheduleRules, FleetRules.DEFAULT, DEFAULT_TICK);
    }

    public static Topology build(JobRules rules, FleetRules fleetRules, Duration tick) {
        return build(rules, ScheduleRules.DEFAULT, fleetRules, tick);
    }

    /** {@code tick}: how often each task checks its jobs against the fleet (lost runners, due restarts). */
    public static Topology build(JobRules rules, ScheduleRules scheduleRules, FleetRules fleetRules, Duration tick) {
        Supplier<PromptCommit> promptCommits = PromptCommit.perStreamThread();
        Topology topology = new Topology();
        topology.addSource("commands-source", Topics.COMMANDS.keySerde().deserializer(),
                        Topics.COMMANDS.valueSerde().deserializer(), Topics.COMMANDS.name())
                .addSource("reports-source", Topics.RUNNER_REPORTS.keySerde().deserializer(),
                        Topics.RUNNER_REPORTS.valueSerde().deserializer(), Topics.RUNNER_REPORTS.name())
                .addProcessor("job-processor", () -> new JobProcessor(rules, scheduleRules, fleetRules, tick, promptCommits),
                        "commands-source",
                        "reports-source")
                // cached: a job written by a run's command and both its reports within one commit reaches
                // RocksDB and the changelog once, at the commit, not three times
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOB_STORE),
                        Serdes.String(), AvroSerde.of(JobSnapshot.class)).withCachingEnabled(), "job-processor")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUN_STORE),
                        Serdes.String(), AvroSerde.of(RunSnapshot.class)).withCachingEnabled(), "job-processor")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_STORE),
                        Serdes.String(), Serdes.String()), "job-processor")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_INDEX_STORE),
                        Serdes.String(), Serdes.String()), "job-processor")
                .addSink(EVENTS_SINK, Topics.EVENTS.name(), Topics.EVENTS.keySerde().serializer(),
                        anyRecord(Topics.EVENTS), "job-processor")
                .addSink(RUN_REQUESTS_SINK, Topics.RUN_REQUESTS.name(), Topics.RUN_REQUESTS.keySerde().serializer(),
                        anyRecord(Topics.RUN_REQUESTS), JobTopology::byRunId, "job-processor")
                .addStateStore(CommandLedger.storeBuilder(), "job-processor")
                .addSink(STATUS_SINK, Topics.STATUS.name(), Topics.STATUS.keySerde().serializer(),
                        anyRecord(Topics.STATUS), "job-processor")
                .addSink(LOGS_SINK, Topics.LOGS.name(), Topics.LOGS.keySerde().serializer(),
                        anyRecord(Topics.LOGS), "job-processor")
                .addSink(RUNNER_COMMANDS_SINK, Topics.RUNNER_COMMANDS.name(),
                        Topics.RUNNER_COMMANDS.keySerde().serializer(), anyRecord(Topics.RUNNER_COMMANDS),
                        "job-processor");

        topology.addSource("logs-source", Topics.LOGS.keySerde().deserializer(),
                        Topics.LOGS.valueSerde().deserializer(), Topics.LOGS.name())
                .addProcessor("log-indexer", RunLogProcessor::new, "logs-source")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOG_STORE),
                        Serdes.String(), AvroSerde.of(LogBatch.class)), "log-indexer");

        // Heartbeats are keyed by runner, not job: a global store gives every job task the whole fleet.
        // Added last so the existing sub-topologies (and their task ids) keep their numbers.
        // Both global stores are small (compacted, one key per runner or setting) and in memory: read for
        // every record, a RocksDB lookup of an absent setting costs a thrown C++ exception, and that was a
        // third of the stream thread's time; in memory they are rebuilt from their topic at start.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RUNNER_STORE),
                        Serdes.String(), AvroSerde.of(RunnerHeartbeat.class)).withLoggingDisabled(),
                "instances-source", Topics.INSTANCES.keySerde().deserializer(),
                Topics.INSTANCES.valueSerde().deserializer(), Topics.INSTANCES.name(), "runner-registry",
                RunnerRegistry::new);
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(APP_SETTINGS_STORE),
                        Serdes.String(), AvroSerde.of(AppSetting.class)).withLoggingDisabled(),
                "app-settings-source", Topics.APP_SETTINGS.keySerde().deserializer(),
                Topics.APP_SETTINGS.valueSerde().deserializer(), Topics.APP_SETTINGS.name(), "app-settings-registry",
                AppSettingsRegistry::new);
        return topology;
    }

    /** Key of one batch in {@link #LOG_STORE}: the log key, then the zero-padded sequence, so scans are ordered. */
    public static String logEntryKey(String logKey, long sequence) {
        return logKey + "/" + SortedKeys.number(sequence, 12);
    }

    /** A job's run requests spread over the runners' partitions (see {@link Topics#RUN_REQUESTS}). */
    private static Optional<Set<Integer>> byRunId(String topic, String jobKey, SpecificRecord request,
            int partitions) {
        return Optional.of(Set.of(Topics.runRequestPartition(((RunRequest) request).getRunId(), partitions)));
    }

    /** The processor forwards records typed as SpecificRecord; each sink writes the one type its topic holds. */
    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> Serializer<SpecificRecord> anyRecord(Topic<String, V> topic) {
        Serializer<V> serializer = topic.valueSerde().serializer();
        return (t, value) -> serializer.serialize(t, (V) value);
    }

}
