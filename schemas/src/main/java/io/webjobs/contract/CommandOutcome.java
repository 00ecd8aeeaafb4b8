package io.webjobs.contract;

import io.webjobs.avro.CommandDuplicate;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunRequested;
import java.util.List;
import java.util.Optional;

/**
 * What the orchestrator made of one command: the events on {@code webjobs.events} that name its
 * {@code commandId}. An accepted command caused its events (a run command a {@link RunRequested});
 * a refused one caused one {@link CommandRejected} with the reason. A command whose id was already
 * applied caused one {@link CommandDuplicate} that repeats the original outcome, so a retried send
 * still answers with the original run id or rejection.
 *
 * @param commandId the id of the command
 * @param events    the events it caused, in log order
 */
public record CommandOutcome(String commandId, List<JobEvent> events) {

    public CommandOutcome {
        events = List.copyOf(events);
    }

    /** True unless the command (or, for a duplicate, its original) was refused. */
    public boolean accepted() {
        return rejection().isEmpty();
    }

    /** Why the command (or, for a duplicate, its original) was refused. */
    public Optional<CommandRejected> rejection() {
        Optional<CommandRejected> direct = event(CommandRejected.class);
        return direct.isPresent() ? direct
                : duplicate().map(d -> d.getOriginal().getRejection());
    }

    /** The id of the run a run command requested (also when this send was a duplicate of it). */
    public Optional<String> runId() {
        Optional<String> direct = event(RunRequested.class).map(RunRequested::getRunId);
        return direct.isPresent() ? direct : duplicate().map(d -> d.getOriginal().getRunId());
    }

    /** Present when the command id had been applied before: nothing changed this time. */
    public Optional<CommandDuplicate> duplicate() {
        return event(CommandDuplicate.class);
    }

    /** The first event of the given payload type, e.g. {@code event(JobDeployed.class)}. */
    public <T> Optional<T> event(Class<T> payloadType) {
        return events.stream().map(JobEvent::getPayload).filter(payloadType::isInstance).map(payloadType::cast)
                .findFirst();
    }
}
