package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "List a job's runs, newest first.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;

    @Override
    public Integer call() {
        JsonNode runs = options.client().getJson("/api/triggeredwebjobs/" + ApiClient.encode(name) + "/history")
                .path("runs");
        System.out.printf("%-18s  %-12s  %-24s  %-16s  %s%n", "ID", "STATUS", "START", "DURATION", "TRIGGER");
        for (JsonNode run : runs) {
            System.out.printf("%-18s  %-12s  %-24s  %-16s  %s%n", run.path("id").asText(), run.path("status").asText(),
                    run.path("start_time").asText(), run.path("duration").asText(), run.path("trigger").asText());
        }
        return 0;
    }
}
