package io.webjobs.orchestrator.topology;

import io.webjobs.avro.CommandReceipt;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.contract.AvroSerde;
import io.webjobs.orchestrator.domain.CommandReceipts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The command ids the topology has applied, with their receipts, remembered for {@link #RETENTION}.
 * A window store keyed by command id at the time it was applied: a lookup reads one key in each of
 * the store's few time segments, and whole segments are dropped as they age out, so nothing ever
 * scans all ids. The store is changelogged, so the ids survive a restart or a move of the task.
 */
final class CommandLedger {

    /**
     * As long as {@code webjobs.commands} keeps a command: a copy still on the topic is never applied
     * twice. A copy produced later than that counts as a new command.
     */
    static final Duration RETENTION = Duration.ofDays(7);

    private final WindowStore<String, CommandReceipt> receipts;

    CommandLedger(WindowStore<String, CommandReceipt> receipts) {
        this.receipts = receipts;
    }

    static StoreBuilder<WindowStore<String, CommandReceipt>> storeBuilder() {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(JobTopology.COMMAND_LEDGER_STORE, RETENTION,
                Duration.ofMillis(1), false), Serdes.String(), AvroSerde.of(CommandReceipt.class));
    }

    /** The receipt of this command id if it was applied within the retention before {@code now}. */
    Optional<CommandReceipt> receiptOf(String commandId, Instant now) {
        // the upper bound tolerates a wall clock that stepped back since the command was applied
        try (WindowStoreIterator<CommandReceipt> found = receipts.fetch(commandId, now.minus(RETENTION),
                now.plus(RETENTION))) {
            return found.hasNext() ? Optional.of(found.next().value) : Optional.empty();
        }
    }

    void remember(JobCommand command, List<JobEvent> events, Instant now) {
        receipts.put(command.getCommandId(), CommandReceipts.of(command, events, now), now.toEpochMilli());
    }
}
