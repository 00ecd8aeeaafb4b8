package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code webjobs verify}: asks the orchestrator to rebuild every job from the whole event log and compare
 * it with its live store; prints each difference and exits 1 if there is any.
 */
@Command(name = "verify", description = "Check that the live job states equal what the event log says; "
        + "--json prints {\"jobs\", \"events\", \"skipped_records\", \"differences\": […]}.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Override
    public Integer call() {
        JsonNode result = options.client().getJson("/api/v2/verify");
        JsonNode differences = result.path("differences");
        if (result.path("skipped_records").asLong() > 0) {
            options.output().note("skipped " + result.path("skipped_records").asLong()
                    + " undecodable record(s) of the event log");
        }
        String summary = differences.isEmpty()
                ? "ok: " + result.path("jobs").asLong() + " jobs rebuilt from " + result.path("events").asLong()
                        + " events equal the live store"
                : differences.size() + " difference(s) between the event log and the live store";
        options.output().print(result, () -> {
            StringBuilder text = new StringBuilder(summary).append(differences.isEmpty() ? "\n" : ":\n");
            differences.forEach(d -> text.append("  ").append(d.asText()).append('\n'));
            return text.toString();
        });
        if (differences.isEmpty()) {
            return ExitCodes.OK;
        }
        if (options.output().json()) {
            options.output().note("error: " + summary);
        }
        return ExitCodes.FAILURE;
    }
}
