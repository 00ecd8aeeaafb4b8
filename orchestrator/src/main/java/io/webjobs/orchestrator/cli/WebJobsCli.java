package io.webjobs.orchestrator.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code webjobs}: the all-in-one server ({@code up}) and the client commands, in one jar. */
@Command(name = "webjobs", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "webjobs 0.1.0",
        description = "Self-hosted WebJobs on Apache Kafka.",
        subcommands = {UpCommand.class, DeployCommand.class, RunCommand.class, StatusCommand.class,
            HistoryCommand.class, LogsCommand.class, AuditCommand.class, VerifyCommand.class, CronCommand.class,
            BenchCommand.class, JobControlCommands.Start.class, JobControlCommands.Stop.class,
            RunnersCommand.class, RunnerCommand.class, AdminCommands.ListJobs.class, AdminCommands.Delete.class,
            AdminCommands.Settings.class, AdminCommands.AppSettings.class, AdminCommands.Webhook.class,
            OrchestratorCommand.class})
public final class WebJobsCli implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return ExitCodes.applyTo(new CommandLine(new WebJobsCli())).execute(args);
    }

    /** Like {@link #execute(String...)} with the answer and the errors written to these instead of stdout/stderr. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return ExitCodes.applyTo(new CommandLine(new WebJobsCli())).setOut(out).setErr(err).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
