package io.webjobs.orchestrator.cli;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deploy", description = "Upload a zip or a single script as a job.")
final class DeployCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    @Parameters(index = "0", description = "job name") String name;
    @Parameters(index = "1", description = "zip file or script") Path file;
    @Option(names = "--type", defaultValue = "triggered", description = "triggered (continuous comes later)") String type;

    @Override
    public Integer call() throws IOException {
        if (!type.equals("triggered")) {
            throw new CliException("unsupported job type '" + type + "': only triggered jobs can be deployed yet");
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException("no such file: " + file);
        }
        String fileName = file.getFileName().toString();
        String contentType = fileName.toLowerCase().endsWith(".zip") ? "application/zip" : "application/octet-stream";
        ApiClient client = options.client();
        String body = client.send(client.request("/api/triggeredwebjobs/" + ApiClient.encode(name))
                .header("Content-Type", contentType)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .PUT(HttpRequest.BodyPublishers.ofFile(file))).body();
        System.out.println("deployed " + name + " (run command: " + ApiClient.parse(body).path("run_command").asText() + ")");
        return 0;
    }
}
