package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A job as it was at a point in time, replayed by the orchestrator ({@code GET /api/v2/jobs/{name}?as_of=T}). */
final class AsOfStatus {

    private static final int RUNS_SHOWN = 5;

    private AsOfStatus() {
    }

    static JsonNode job(ApiClient client, String name, String asOf) {
        AuditCommand.time(asOf, "--as-of");
        return client.getJson("/api/v2/jobs/" + ApiClient.encode(name) + "?as_of=" + ApiClient.encode(asOf));
    }

    static String text(JsonNode job) {
        StringBuilder text = new StringBuilder()
                .append("as of:       ").append(job.path("as_of").asText()).append('\n')
                .append("name:        ").append(job.path("name").asText()).append('\n')
                .append("type:        ").append(job.path("type").asText()).append('\n')
                .append("state:       ").append(job.path("stopped").asBoolean() ? "stopped" : "started").append('\n')
                .append("run command: ").append(job.path("entry_point").asText()).append('\n')
                .append("settings:    ").append(job.path("settings").asText()).append('\n');
        JsonNode runs = job.path("runs");
        if (runs.isEmpty()) {
            text.append("latest run:  none\n");
        }
        for (int i = 0; i < Math.min(RUNS_SHOWN, runs.size()); i++) {
            JsonNode run = runs.get(i);
            text.append(i == 0 ? "latest run:  " : "             ").append(run.path("id").asText()).append(' ')
                    .append(run.path("status").asText())
                    .append(run.path("exit_code").isNull() ? "" : " exit " + run.path("exit_code").asInt())
                    .append(run.path("reason").isNull() ? "" : " (" + run.path("reason").asText() + ")").append('\n');
        }
        return text.toString();
    }
}
