package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "runners", description = "List the runners with their last heartbeat and what each runs; "
        + "--json prints the array of runners.")
final class RunnersCommand implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Override
    public Integer call() {
        JsonNode runners = options.client().getJson("/api/v2/runners");
        options.output().print(runners, () -> text(runners));
        return ExitCodes.OK;
    }

    private static String text(JsonNode runners) {
        if (runners.isEmpty()) {
            return "no runners\n";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode r : runners) {
            text.append(String.format("%-24s %-5s last heartbeat %s, %d/%d runs%n", r.path("id").asText(),
                    r.path("alive").asBoolean() ? "alive" : "lost", r.path("last_heartbeat").asText(),
                    r.path("active_runs").asInt(), r.path("capacity").asInt()));
            for (JsonNode instance : r.path("instances")) {
                text.append("    ").append(instance.asText()).append('\n');
            }
        }
        return text.toString();
    }
}
