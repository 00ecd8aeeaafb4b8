package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deploy", description = "Upload a zip or a single script as a job; --json prints the job as the server answered.")
final class DeployCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;
    @Parameters(index = "1", description = "zip file or script") Path file;
    @Option(names = "--type", defaultValue = "triggered", description = "triggered or continuous (default: ${DEFAULT-VALUE})") String type;
    @Option(names = "--scale", description = "continuous only: single, multi (one per runner, the default) or a number of instances") String scale;

    @Override
    public Integer call() throws IOException {
        if (!type.equals("triggered") && !type.equals("continuous")) {
            throw CliException.usage("unknown job type '" + type + "': use triggered or continuous");
        }
        if (scale != null && !type.equals("continuous")) {
            throw CliException.usage("--scale applies to continuous jobs only");
        }
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("no such file: " + file);
        }
        String fileName = file.getFileName().toString();
        String contentType = fileName.toLowerCase().endsWith(".zip") ? "application/zip" : "application/octet-stream";
        ApiClient client = options.client();
        String query = scale == null ? "" : "?scale=" + ApiClient.encode(scale);
        JsonNode job = ApiClient.parse(client.send(client.request("/api/" + type + "webjobs/" + ApiClient.encode(name) + query)
                .header("Content-Type", contentType)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .PUT(HttpRequest.BodyPublishers.ofFile(file))).body());
        options.output().print(job, () -> "deployed " + name + " (run command: " + job.path("run_command").asText() + ")");
        return 0;
    }
}
