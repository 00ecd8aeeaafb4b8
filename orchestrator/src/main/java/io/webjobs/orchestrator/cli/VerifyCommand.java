package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code webjobs verify}: asks the orchestrator to rebuild every job from the whole event log and compare
 * it with its live store; prints each difference and exits 1 if there is any.
 */
@Command(name = "verify", description = "Check that the live job states equal what the event log says.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Override
    public Integer call() {
        JsonNode result = options.client().getJson("/api/v2/verify");
        JsonNode differences = result.path("differences");
        if (result.path("skipped_records").asLong() > 0) {
            System.err.println("skipped " + result.path("skipped_records").asLong()
                    + " undecodable record(s) of the event log");
        }
        if (differences.isEmpty()) {
            System.out.println("ok: " + result.path("jobs").asLong() + " jobs rebuilt from "
                    + result.path("events").asLong() + " events equal the live store");
            return 0;
        }
        System.out.println(differences.size() + " difference(s) between the event log and the live store:");
        differences.forEach(d -> System.out.println("  " + d.asText()));
        return 1;
    }
}
