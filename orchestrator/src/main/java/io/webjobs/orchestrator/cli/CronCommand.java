package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.webjobs.orchestrator.domain.schedule.CronExpression;
import io.webjobs.orchestrator.domain.schedule.InvalidCronException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "cron", description = "Evaluate NCrontab expressions the way the scheduler does.",
        subcommands = CronCommand.Next.class)
final class CronCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "next", description = "Print the next occurrences strictly after --from (and before --until), "
            + "one per line as yyyy-MM-ddTHH:mm:ss in --tz (--json: a JSON array of them). Exit 2 on an invalid expression.")
    static final class Next implements Callable<Integer> {
        private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

        @Mixin Output output;
        @Parameters(index = "0", description = "the expression, e.g. \"0 */15 * * * *\"") String expression;
        @Option(names = "--from", required = true, description = "local start time, exclusive") LocalDateTime from;
        @Option(names = "--until", description = "local end time, exclusive") LocalDateTime until;
        @Option(names = "--count", description = "how many occurrences (default: 1, or all before --until)") Integer count;
        @Option(names = "--tz", defaultValue = "UTC", description = "IANA time zone (default: ${DEFAULT-VALUE})") String tz;

        @Override
        public Integer call() {
            CronExpression cron;
            ZoneId zone;
            try {
                cron = CronExpression.parse(expression);
                zone = ZoneId.of(tz);
            } catch (InvalidCronException e) {
                throw CliException.usage(e.getMessage());
            } catch (java.time.DateTimeException e) {
                throw CliException.usage("unknown time zone '" + tz + "'.");
            }
            ArrayNode times = Output.array();
            long limit = count != null ? count : until != null ? Long.MAX_VALUE : 1;
            Instant at = from.atZone(zone).toInstant();
            for (long i = 0; i < limit; i++) {
                Optional<Instant> next = cron.next(at, zone);
                if (next.isEmpty()) {
                    break;
                }
                LocalDateTime local = LocalDateTime.ofInstant(next.get(), zone);
                if (until != null && !local.isBefore(until)) {
                    break;
                }
                times.add(FORMAT.format(local));
                at = next.get();
            }
            output.print(times, () -> {
                StringBuilder lines = new StringBuilder();
                times.forEach(time -> lines.append(time.asText()).append('\n'));
                return lines.toString();
            });
            return ExitCodes.OK;
        }
    }
}
