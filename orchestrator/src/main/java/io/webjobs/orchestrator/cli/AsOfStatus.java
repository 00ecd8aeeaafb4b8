package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Prints a job as it was at a point in time, replayed by the orchestrator ({@code GET /api/v2/jobs/{name}?as_of=T}). */
final class AsOfStatus {

    private static final int RUNS_SHOWN = 5;

    private AsOfStatus() {
    }

    static int print(ApiClient client, String name, String asOf) {
        AuditCommand.time(asOf, "--as-of");
        JsonNode job = client.getJson("/api/v2/jobs/" + ApiClient.encode(name) + "?as_of=" + ApiClient.encode(asOf));
        System.out.println("as of:       " + job.path("as_of").asText());
        System.out.println("name:        " + job.path("name").asText());
        System.out.println("type:        " + job.path("type").asText());
        System.out.println("state:       " + (job.path("stopped").asBoolean() ? "stopped" : "started"));
        System.out.println("run command: " + job.path("entry_point").asText());
        System.out.println("settings:    " + job.path("settings").asText());
        JsonNode runs = job.path("runs");
        if (runs.isEmpty()) {
            System.out.println("latest run:  none");
        }
        for (int i = 0; i < Math.min(RUNS_SHOWN, runs.size()); i++) {
            JsonNode run = runs.get(i);
            System.out.println((i == 0 ? "latest run:  " : "             ") + run.path("id").asText() + " "
                    + run.path("status").asText() + (run.path("exit_code").isNull() ? ""
                            : " exit " + run.path("exit_code").asInt())
                    + (run.path("reason").isNull() ? "" : " (" + run.path("reason").asText() + ")"));
        }
        return 0;
    }
}
