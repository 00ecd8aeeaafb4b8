package io.webjobs.orchestrator.api;

import io.webjobs.avro.CommandRejected;
import io.webjobs.contract.CommandOutcome;
import io.webjobs.contract.CommandPublisher;
import io.webjobs.contract.JobCommands;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Sends a command for an HTTP request and waits for the topology's verdict, so the response reflects
 * the state a following GET will read. A rejection becomes the matching 4xx.
 */
final class CommandGateway {

    private static final Duration VERDICT_TIMEOUT = Duration.ofSeconds(30);

    private final CommandPublisher publisher;

    CommandGateway(CommandPublisher publisher) {
        this.publisher = publisher;
    }

    CommandOutcome execute(JobCommands command) {
        CommandOutcome outcome;
        try {
            outcome = publisher.sendAndAwait(command, VERDICT_TIMEOUT);
        } catch (TimeoutException e) {
            throw new ApiException(503, "The orchestrator did not answer within " + VERDICT_TIMEOUT.toSeconds()
                    + " s; the command may still be applied.");
        }
        outcome.rejection().ifPresent(CommandGateway::refuse);
        return outcome;
    }

    private static void refuse(CommandRejected rejected) {
        int status = switch (rejected.getCode()) {
            case NOT_FOUND -> 404;
            case CONFLICT, STOPPED -> 409;
            case INVALID -> 400;
        };
        throw new ApiException(status, rejected.getReason());
    }
}
