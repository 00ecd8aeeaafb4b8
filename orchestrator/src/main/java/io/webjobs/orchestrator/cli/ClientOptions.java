package io.webjobs.orchestrator.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every client command shares: where the API is, who calls it, and how to print the answer. */
final class ClientOptions {
    @Option(names = "--url", defaultValue = "${env:WEBJOBS_URL:-http://127.0.0.1:8080}", description = "webjobs API (WEBJOBS_URL, default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--user", defaultValue = "${env:WEBJOBS_API_USER:-admin}", description = "API user (WEBJOBS_API_USER, default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", defaultValue = "${env:WEBJOBS_API_PASSWORD}", description = "API password (WEBJOBS_API_PASSWORD; `up` prints and stores a generated one)")
    String password;

    @Mixin
    Output output;

    ApiClient client() {
        return new ApiClient(url, user, password);
    }

    Output output() {
        return output;
    }
}
