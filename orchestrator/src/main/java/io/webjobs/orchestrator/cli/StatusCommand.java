package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a job and its latest run.")
final class StatusCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;
    @Option(names = "--as-of", description = "the job as it was at this time (ISO-8601 instant or epoch ms), replayed from the event log")
    String asOf;

    @Override
    public Integer call() {
        if (asOf != null) {
            return AsOfStatus.print(options.client(), name, asOf);
        }
        JsonNode job = options.client().getJson("/api/triggeredwebjobs/" + ApiClient.encode(name));
        System.out.println("name:        " + job.path("name").asText());
        System.out.println("type:        " + job.path("type").asText());
        System.out.println("run command: " + job.path("run_command").asText());
        JsonNode run = job.path("latest_run");
        if (run.isMissingNode() || run.isNull()) {
            System.out.println("latest run:  none");
        } else {
            System.out.println("latest run:  " + run.path("id").asText() + " " + run.path("status").asText()
                    + " (" + run.path("duration").asText() + ", trigger " + run.path("trigger").asText() + ")");
        }
        return 0;
    }
}
