package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print a job's log: a continuous job's rolling log, or a run's (the latest when no run id is given).")
final class LogsCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;
    @Parameters(index = "1", arity = "0..1", description = "run id (triggered jobs)") String runId;
    @Option(names = {"-f", "--follow"}, description = "keep printing new lines (until the run ends, or Ctrl-C)") boolean follow;

    @Override
    public Integer call() {
        ApiClient client = options.client();
        if (runId == null) {
            String path = "/api/v2/jobs/" + ApiClient.encode(name) + "/log" + (follow ? "?follow=true" : "");
            HttpResponse<Stream<String>> response = client.stream(client.request(path).timeout(
                    java.time.Duration.ofDays(365)).GET());
            response.body().forEach(line -> {
                System.out.println(line);
                System.out.flush();
            });
            return 0;
        }
        String jobPath = "/api/triggeredwebjobs/" + ApiClient.encode(name);
        JsonNode run = client.getJson(jobPath + "/history/" + runId);
        String path = URI.create(run.path("output_url").asText()).getRawPath();
        System.out.print(client.send(client.request(path).GET()).body());
        return 0;
    }
}
