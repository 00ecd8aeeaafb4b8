package io.webjobs.orchestrator.cli;

/** A failure the CLI reports as one line on stderr, exiting 1, or 2 for a usage error ({@link ExitCodes}). */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(String message) {
        this(message, ExitCodes.FAILURE);
    }

    private CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A bad argument or option found by a command itself, after the parser accepted the command line. */
    static CliException usage(String message) {
        return new CliException(message, ExitCodes.USAGE);
    }

    int exitCode() {
        return exitCode;
    }
}
