package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print the log of a run (the latest one when no run id is given).")
final class LogsCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;
    @Parameters(index = "1", arity = "0..1", description = "run id") String runId;

    @Override
    public Integer call() {
        ApiClient client = options.client();
        String jobPath = "/api/triggeredwebjobs/" + ApiClient.encode(name);
        JsonNode run = runId == null ? client.getJson(jobPath).path("latest_run") : client.getJson(jobPath + "/history/" + runId);
        if (run.isMissingNode() || run.isNull()) {
            throw new CliException("job " + name + " has no runs yet");
        }
        String path = URI.create(run.path("output_url").asText()).getRawPath();
        System.out.print(client.send(client.request(path).GET()).body());
        return 0;
    }
}
