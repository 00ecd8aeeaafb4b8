package io.webjobs.orchestrator.cli;

import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code webjobs start NAME} and {@code webjobs stop NAME}: persistent start/stop of a continuous job. */
final class JobControlCommands {

    private JobControlCommands() {
    }

    static int post(ClientOptions options, String name, String action) {
        ApiClient client = options.client();
        client.send(client.request("/api/continuouswebjobs/" + ApiClient.encode(name) + "/" + action)
                .POST(HttpRequest.BodyPublishers.noBody()));
        boolean stopped = action.equals("stop");
        options.output().print(Output.object().put("name", name).put("stopped", stopped),
                () -> (stopped ? "stopped " : "started ") + name);
        return 0;
    }

    @Command(name = "start", description = "Start a stopped continuous job (it stays started across restarts).")
    static final class Start implements Callable<Integer> {
        @Mixin ClientOptions options;
        @Parameters(index = "0", description = "job name") String name;

        @Override
        public Integer call() {
            return post(options, name, "start");
        }
    }

    @Command(name = "stop", description = "Stop a continuous job gracefully (it stays stopped until started).")
    static final class Stop implements Callable<Integer> {
        @Mixin ClientOptions options;
        @Parameters(index = "0", description = "job name") String name;

        @Override
        public Integer call() {
            return post(options, name, "stop");
        }
    }
}
