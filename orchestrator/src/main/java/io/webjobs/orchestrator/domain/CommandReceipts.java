package io.webjobs.orchestrator.domain;

import io.webjobs.avro.CommandDuplicate;
import io.webjobs.avro.CommandReceipt;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunRequested;
import java.time.Instant;
import java.util.List;

/**
 * Commands are applied once per commandId. The receipt of an applied command keeps what its sender
 * needs to know (the run it requested, or why it was refused), so a copy of the command (a producer
 * retry, an at-least-once publisher, a resend after a lost acknowledgement) changes nothing and is
 * answered with one {@link CommandDuplicate} event repeating that outcome.
 */
public final class CommandReceipts {

    private CommandReceipts() {
    }

    /** The receipt of a command that {@link JobDecisions#decide} answered with these events. */
    public static CommandReceipt of(JobCommand command, List<JobEvent> events, Instant now) {
        String runId = payloads(events, RunRequested.class).map(RunRequested::getRunId).findFirst().orElse(null);
        CommandRejected rejection = payloads(events, CommandRejected.class).findFirst().orElse(null);
        return new CommandReceipt(command.getCommandId(), now, runId, rejection);
    }

    /** The only event a copy of an applied command causes; the fold ignores it. */
    public static JobEvent duplicateOf(JobCommand copy, CommandReceipt original, Instant now) {
        String id = copy.getCommandId();
        // the original's events are "{id}/{i}"; a copy's event must not collide with them
        return new JobEvent(id + "/duplicate@" + now.toEpochMilli(), copy.getJobName(), now, id, copy.getIssuedBy(),
                new CommandDuplicate(id, original), copy.getCorrelationId());
    }

    private static <T> java.util.stream.Stream<T> payloads(List<JobEvent> events, Class<T> type) {
        return events.stream().map(JobEvent::getPayload).filter(type::isInstance).map(type::cast);
    }
}
