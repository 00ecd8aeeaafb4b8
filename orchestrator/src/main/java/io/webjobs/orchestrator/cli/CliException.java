package io.webjobs.orchestrator.cli;

/** A failure the CLI reports as one line on stderr, exiting non-zero. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
