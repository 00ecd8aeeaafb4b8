package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "runners", description = "List the runners with their last heartbeat and what each runs.")
final class RunnersCommand implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Override
    public Integer call() {
        JsonNode runners = options.client().getJson("/api/v2/runners");
        if (runners.isEmpty()) {
            System.out.println("no runners");
        }
        for (JsonNode r : runners) {
            System.out.printf("%-24s %-5s last heartbeat %s, %d/%d runs%n", r.path("id").asText(),
                    r.path("alive").asBoolean() ? "alive" : "lost", r.path("last_heartbeat").asText(),
                    r.path("active_runs").asInt(), r.path("capacity").asInt());
            for (JsonNode instance : r.path("instances")) {
                System.out.println("    " + instance.asText());
            }
        }
        return 0;
    }
}
