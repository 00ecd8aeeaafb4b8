package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "List a job's runs, newest first; --json prints the Kudu history ({\"runs\": […]}).")
final class HistoryCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;

    @Override
    public Integer call() {
        JsonNode history = options.client().getJson("/api/triggeredwebjobs/" + ApiClient.encode(name) + "/history");
        options.output().print(history, () -> {
            Table table = new Table("ID", "STATUS", "START", "DURATION", "TRIGGER");
            for (JsonNode run : history.path("runs")) {
                table.row(run.path("id").asText(), run.path("status").asText(), run.path("start_time").asText(),
                        run.path("duration").asText(), run.path("trigger").asText());
            }
            return table.toString();
        });
        return 0;
    }
}
