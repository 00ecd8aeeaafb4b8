package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a job and its latest run (a continuous job: its status and instances); "
        + "--json prints the job as the Kudu API answers it.")
final class StatusCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;
    @Option(names = "--as-of", description = "the job as it was at this time (ISO-8601 instant or epoch ms), replayed from the event log")
    String asOf;

    @Override
    public Integer call() {
        ApiClient client = options.client();
        if (asOf != null) {
            JsonNode job = AsOfStatus.job(client, name, asOf);
            options.output().print(job, () -> AsOfStatus.text(job));
            return 0;
        }
        JsonNode job = client.getJson("/api/" + AdminCommands.typeOf(client, name) + "webjobs/" + ApiClient.encode(name));
        options.output().print(job, () -> text(job));
        return 0;
    }

    private static String text(JsonNode job) {
        StringBuilder text = new StringBuilder()
                .append("name:        ").append(job.path("name").asText()).append('\n')
                .append("type:        ").append(job.path("type").asText()).append('\n')
                .append("run command: ").append(job.path("run_command").asText()).append('\n');
        if (job.path("type").asText().equals("continuous")) {
            text.append("status:      ").append(job.path("status").asText()).append('\n');
            for (JsonNode instance : job.path("instances")) {
                text.append("instance:    ").append(instance.path("runner").asText()).append(' ')
                        .append(instance.path("status").asText()).append(" since ")
                        .append(instance.path("since").asText()).append('\n');
            }
            return text.toString();
        }
        JsonNode run = job.path("latest_run");
        if (run.isMissingNode() || run.isNull()) {
            return text.append("latest run:  none\n").toString();
        }
        return text.append("latest run:  ").append(run.path("id").asText()).append(' ').append(run.path("status").asText())
                .append(" (").append(run.path("duration").asText()).append(", trigger ")
                .append(run.path("trigger").asText()).append(")\n").toString();
    }
}
