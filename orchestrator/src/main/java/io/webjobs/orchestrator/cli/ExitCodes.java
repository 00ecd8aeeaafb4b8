package io.webjobs.orchestrator.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The CLI's exit-code contract, in one place for every command: 0 ok, 1 failure (the server, Kafka or a job
 * said no, or cannot be reached), 2 usage (unknown option, bad argument). A failure is one line on stderr,
 * never a stack trace, with or without {@code --json}.
 */
final class ExitCodes implements IExecutionExceptionHandler {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    static CommandLine applyTo(CommandLine cli) {
        // picocli's defaults are the same numbers; said here so the contract does not hang on a library default
        cli.getCommandSpec().exitCodeOnInvalidInput(USAGE).exitCodeOnExecutionException(FAILURE);
        cli.getSubcommands().values().forEach(ExitCodes::applyTo);
        return cli.setExecutionExceptionHandler(new ExitCodes());
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        if (e instanceof CliException failure) {
            commandLine.getErr().println("error: " + failure.getMessage());
            return failure.exitCode();
        }
        if (e instanceof CommandLine.ParameterException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return USAGE;
        }
        // Not foreseen (a file vanished mid-upload, a bug): still one line a script can log, not a trace.
        commandLine.getErr().println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage()));
        return FAILURE;
    }
}
