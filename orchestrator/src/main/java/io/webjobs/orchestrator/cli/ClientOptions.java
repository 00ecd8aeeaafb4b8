package io.webjobs.orchestrator.cli;

import picocli.CommandLine.Option;

/** The option every client command shares: where the API is. */
final class ClientOptions {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "webjobs API (default: ${DEFAULT-VALUE})")
    String url;

    ApiClient client() {
        return new ApiClient(url);
    }
}
