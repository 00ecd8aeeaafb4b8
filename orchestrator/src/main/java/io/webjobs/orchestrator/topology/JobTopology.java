package io.webjobs.orchestrator.topology;

import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.LogBatch;
import io.webjobs.contract.AvroSerde;
import io.webjobs.contract.Topic;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
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
 *                     ├─► job-processor [job-state, command-ledger, schedule-timers, schedule-index] ─► webjobs.events
 *  webjobs.runner-reports ┘   (wall-clock punctuator fires due timers)    ├► webjobs.run-requests
 *                                                                         ├► webjobs.status
 *                                                                         └► webjobs.logs (scheduler log)
 *  webjobs.logs ─────► log-indexer [run-logs]
 * </pre>
 */
public final class JobTopology {

    public static final String JOB_STORE = "job-state";
    public static final String LOG_STORE = "run-logs";
    public static final String TIMER_STORE = "schedule-timers";
    public static final String TIMER_INDEX_STORE = "schedule-index";
    static final String SCHEDULER_LOG_SINK = "scheduler-log-sink";
    static final String EVENTS_SINK = "events-sink";
    static final String RUN_REQUESTS_SINK = "run-requests-sink";
    /** Command ids already applied, with their receipts (see {@link CommandLedger}). */
    public static final String COMMAND_LEDGER_STORE = "command-ledger";
    static final String STATUS_SINK = "status-sink";

    private JobTopology() {
    }

    public static Topology build(JobRules rules) {
        return build(rules, ScheduleRules.DEFAULT);
    }

    public static Topology build(JobRules rules, ScheduleRules scheduleRules) {
        Topology topology = new Topology();
        topology.addSource("commands-source", Topics.COMMANDS.keySerde().deserializer(),
                        Topics.COMMANDS.valueSerde().deserializer(), Topics.COMMANDS.name())
                .addSource("reports-source", Topics.RUNNER_REPORTS.keySerde().deserializer(),
                        Topics.RUNNER_REPORTS.valueSerde().deserializer(), Topics.RUNNER_REPORTS.name())
                .addProcessor("job-processor", () -> new JobProcessor(rules, scheduleRules), "commands-source",
                        "reports-source")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOB_STORE),
                        Serdes.String(), AvroSerde.of(JobSnapshot.class)), "job-processor")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_STORE),
                        Serdes.String(), Serdes.String()), "job-processor")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_INDEX_STORE),
                        Serdes.String(), Serdes.String()), "job-processor")
                .addSink(EVENTS_SINK, Topics.EVENTS.name(), Topics.EVENTS.keySerde().serializer(),
                        anyRecord(Topics.EVENTS), "job-processor")
                .addSink(RUN_REQUESTS_SINK, Topics.RUN_REQUESTS.name(), Topics.RUN_REQUESTS.keySerde().serializer(),
                        anyRecord(Topics.RUN_REQUESTS), "job-processor")
                .addStateStore(CommandLedger.storeBuilder(), "job-processor")
                .addSink(STATUS_SINK, Topics.STATUS.name(), Topics.STATUS.keySerde().serializer(),
                        anyRecord(Topics.STATUS), "job-processor")
                .addSink(SCHEDULER_LOG_SINK, Topics.LOGS.name(), Topics.LOGS.keySerde().serializer(),
                        anyRecord(Topics.LOGS), "job-processor");

        topology.addSource("logs-source", Topics.LOGS.keySerde().deserializer(),
                        Topics.LOGS.valueSerde().deserializer(), Topics.LOGS.name())
                .addProcessor("log-indexer", RunLogProcessor::new, "logs-source")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOG_STORE),
                        Serdes.String(), AvroSerde.of(LogBatch.class)), "log-indexer");
        return topology;
    }

    /** Key of one batch in {@link #LOG_STORE}: the log key, then the zero-padded sequence, so scans are ordered. */
    public static String logEntryKey(String logKey, long sequence) {
        return logKey + "/" + String.format("%012d", sequence);
    }

    /** The processor forwards records typed as SpecificRecord; each sink writes the one type its topic holds. */
    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> Serializer<SpecificRecord> anyRecord(Topic<String, V> topic) {
        Serializer<V> serializer = topic.valueSerde().serializer();
        return (t, value) -> serializer.serialize(t, (V) value);
    }

}
