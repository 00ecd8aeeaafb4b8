package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run a triggered job; with --wait, wait for it to finish and exit 0 only on Success. "
        + "--json prints {\"id\", \"job\", \"url\"}, or with --wait the finished run as `history` shows it.")
final class RunCommand implements Callable<Integer> {
    private static final Set<String> FINAL = Set.of("Success", "Failed", "Aborted");

    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;
    @Option(names = "--args", description = "arguments passed to the job's script") String arguments;
    @Option(names = "--wait", description = "wait until the run finishes") boolean await;

    @Override
    public Integer call() throws InterruptedException {
        ApiClient client = options.client();
        Output output = options.output();
        String query = arguments == null ? "" : "?arguments=" + ApiClient.encode(arguments);
        HttpResponse<String> response = client.send(client.request("/api/triggeredwebjobs/" + ApiClient.encode(name)
                + "/run" + query).POST(HttpRequest.BodyPublishers.noBody()));
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new CliException("the server accepted the run but sent no Location"));
        String runId = location.substring(location.lastIndexOf('/') + 1);
        if (!await) {
            output.print(Output.object().put("id", runId).put("job", name).put("url", location),
                    () -> "run " + runId + " requested");
            return ExitCodes.OK;
        }
        output.textLine("run " + runId + " requested");
        String path = "/api/triggeredwebjobs/" + ApiClient.encode(name) + "/history/" + runId;
        while (true) {
            JsonNode run = client.getJson(path);
            String status = run.path("status").asText();
            if (FINAL.contains(status)) {
                String outcome = "run " + runId + " " + status + " after " + run.path("duration").asText();
                output.print(run, () -> outcome);
                if (status.equals("Success")) {
                    return ExitCodes.OK;
                }
                if (output.json()) {
                    // stdout stays one JSON document; the failure is said where a script's log shows it
                    output.note("error: " + outcome);
                }
                return ExitCodes.FAILURE;
            }
            Thread.sleep(200);
        }
    }
}
