package io.webjobs.orchestrator.cli;

import io.webjobs.avro.JobEvent;
import io.webjobs.orchestrator.audit.AuditEntry;
import io.webjobs.orchestrator.audit.AuditFilter;
import io.webjobs.orchestrator.audit.EventLogReplay;
import io.webjobs.orchestrator.audit.PointInTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code webjobs audit}: the event log as a timeline, read straight from Kafka (no consumer group, nothing changes). */
@Command(name = "audit", description = "Show who did what to which job, and when, from the event log; "
        + "--json prints one JSON object per event and line (NDJSON).")
final class AuditCommand implements Callable<Integer> {

    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    @Option(names = "--bootstrap-servers", required = true,
            description = "the Kafka cluster (`webjobs up` prints the embedded broker's address)")
    String bootstrapServers;
    @Option(names = "--job", description = "only this job (any case)") String job;
    @Option(names = "--since", description = "from this time on (ISO-8601 instant or epoch ms)") String since;
    @Option(names = "--until", description = "up to this time (ISO-8601 instant or epoch ms)") String until;
    @Option(names = "--type", arity = "1..*", description = "only these event types, e.g. RunStatusChanged CommandRejected")
    List<String> types;
    @Mixin Output output;

    @Override
    public Integer call() {
        Instant from = time(since, "--since");
        Instant to = time(until, "--until");
        requireKnownTypes();
        AuditFilter filter = new AuditFilter(job, from, to, types == null ? Set.of() : Set.copyOf(types));
        long startNanos = System.nanoTime();
        long[] lastReport = {startNanos};
        EventLogReplay.Progress progress = (read, total) -> {
            long now = System.nanoTime();
            if (now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
                lastReport[0] = now;
                output.note(String.format("replayed %,d of %,d records", read, total));
            }
        };
        EventLogReplay.Totals totals;
        try {
            totals = new EventLogReplay(kafka(bootstrapServers)).replay(from, to, progress, event -> {
                if (filter.accepts(event)) {
                    AuditEntry entry = AuditEntry.of(event);
                    output.line(() -> Output.tree(entry.json()), entry::line);
                }
            });
        } catch (KafkaException e) {
            throw new CliException("cannot read the event log from Kafka at " + bootstrapServers + ": "
                    + e.getMessage());
        }
        if (totals.poison() > 0) {
            output.note("skipped " + totals.poison() + " undecodable record(s) of the event log (see the log)");
        }
        return 0;
    }

    private void requireKnownTypes() {
        List<String> known = JobEvent.getClassSchema().getField("payload").schema().getTypes().stream()
                .map(Schema::getName).toList();
        for (String type : types == null ? List.<String>of() : types) {
            if (known.stream().noneMatch(type::equalsIgnoreCase)) {
                throw CliException.usage("--type: unknown event type '" + type + "'; one of " + String.join(", ", known));
            }
        }
    }

    static Map<String, Object> kafka(String bootstrapServers) {
        // A CLI user waits for an answer: give up on an unreachable cluster after 5 s, not the client's 60.
        return Map.of("bootstrap.servers", bootstrapServers, "client.id", "webjobs-cli-audit",
                "default.api.timeout.ms", 5_000);
    }

    static Instant time(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return PointInTime.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(option + ": " + e.getMessage());
        }
    }
}
