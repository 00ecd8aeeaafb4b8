package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print a job's log: a continuous job's rolling log, or a run's (the latest when no run id is given). "
        + "--json prints {\"name\", \"run_id\", \"lines\": [{\"time\", \"instance\", \"level\", \"message\"}]}; "
        + "with --follow, one such line object per line (NDJSON).")
final class LogsCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;
    @Parameters(index = "1", arity = "0..1", description = "run id (triggered jobs)") String runId;
    @Option(names = {"-f", "--follow"}, description = "keep printing new lines (until the run ends, or Ctrl-C)") boolean follow;

    @Override
    public Integer call() {
        if (runId != null && runId.isBlank()) {
            throw CliException.usage("the run id is empty: give one from `history " + name + "`, or none for the latest run");
        }
        ApiClient client = options.client();
        Output output = options.output();
        if (runId == null && follow) {
            HttpResponse<Stream<String>> response = client.stream(client.request(path(true)).timeout(
                    java.time.Duration.ofDays(365)).GET());
            // the server sends an empty line now and then to notice a client that left: not a log line
            response.body().filter(line -> !output.json() || !line.isEmpty())
                    .forEach(line -> output.line(() -> KuduLogLine.parse(line).json(), () -> line));
            return ExitCodes.OK;
        }
        String text = runId == null ? client.send(client.request(path(false)).GET()).body() : runLog(client);
        ArrayNode lines = Output.array();
        text.lines().filter(line -> !line.isEmpty()).map(line -> KuduLogLine.parse(line).json()).forEach(lines::add);
        JsonNode log = Output.object().put("name", name).put("run_id", runId).set("lines", lines);
        output.print(log, () -> text);
        return ExitCodes.OK;
    }

    private String path(boolean tail) {
        return "/api/v2/jobs/" + ApiClient.encode(name) + "/log" + (tail ? "?follow=true" : "");
    }

    private String runLog(ApiClient client) {
        JsonNode run = client.getJson("/api/triggeredwebjobs/" + ApiClient.encode(name) + "/history/" + runId);
        return client.send(client.request(URI.create(run.path("output_url").asText()).getRawPath()).GET()).body();
    }
}
