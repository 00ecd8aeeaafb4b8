package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The dashboard's remaining actions from a shell: {@code list}, {@code delete}, {@code settings get|set},
 * {@code app-settings get|set}, {@code webhook}. Human output by default, {@code --json} for scripts
 * ({@link Output}); exit codes as {@link ExitCodes} says.
 */
final class AdminCommands {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminCommands() {
    }

    /** The job's type from the v2 detail, so the commands work for both kinds without a --type. */
    static String typeOf(ApiClient client, String name) {
        return client.getJson("/api/v2/jobs/" + ApiClient.encode(name)).path("type").asText();
    }

    @Command(name = "list", description = "List every job: name, type, status, schedule, last run, next run.")
    static final class ListJobs implements Callable<Integer> {
        @Mixin ClientOptions options;

        @Override
        public Integer call() {
            ApiClient client = options.client();
            ArrayNode jobs = MAPPER.createArrayNode();
            client.getJson("/api/triggeredwebjobs").forEach(jobs::add);
            client.getJson("/api/continuouswebjobs").forEach(jobs::add);
            options.output().print(jobs, () -> table(jobs));
            return 0;
        }

        private static String table(ArrayNode jobs) {
            Table table = new Table("NAME", "TYPE", "STATUS", "SCHEDULE", "LAST RUN", "NEXT RUN");
            for (JsonNode job : jobs) {
                JsonNode latest = job.path("latest_run");
                String status = job.path("type").asText().equals("continuous") ? job.path("status").asText()
                        : latest.isObject() ? latest.path("status").asText() : "Ready";
                table.row(job.path("name").asText(), job.path("type").asText(), status,
                        job.path("settings").path("schedule").asText(""),
                        latest.isObject() ? latest.path("start_time").asText() : "",
                        job.path("next_run_time").isTextual() ? job.path("next_run_time").asText() : "");
            }
            return table.toString();
        }
    }

    @Command(name = "delete", description = "Delete a job with its history and logs.")
    static final class Delete implements Callable<Integer> {
        @Mixin ClientOptions options;
        @Parameters(index = "0", description = "job name") String name;

        @Override
        public Integer call() {
            ApiClient client = options.client();
            String type = typeOf(client, name);
            client.send(client.request("/api/" + type + "webjobs/" + ApiClient.encode(name)).DELETE());
            ObjectNode deleted = Output.object().put("name", name).put("type", type).put("deleted", true);
            options.output().print(deleted, () -> "deleted " + name);
            return 0;
        }
    }

    @Command(name = "settings", description = "A job's settings.job.", subcommands = {SettingsGet.class, SettingsSet.class})
    static final class Settings implements Runnable {
        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "give get, set or unset");
        }
    }

    @Command(name = "get", description = "Print a job's settings.job (JSON either way).")
    static final class SettingsGet implements Callable<Integer> {
        @Mixin ClientOptions options;
        @Parameters(index = "0", description = "job name") String name;

        @Override
        public Integer call() {
            ApiClient client = options.client();
            JsonNode settings = client.getJson("/api/" + typeOf(client, name) + "webjobs/" + ApiClient.encode(name)
                    + "/settings");
            options.output().print(settings, () -> Output.pretty(settings));
            return 0;
        }
    }

    @Command(name = "set", description = "Replace a job's settings.job with a JSON object, e.g. '{\"schedule\":\"0 0 * * * *\"}'.")
    static final class SettingsSet implements Callable<Integer> {
        @Mixin ClientOptions options;
        @Parameters(index = "0", description = "job name") String name;
        @Parameters(index = "1", description = "the settings as a JSON object") String settings;

        @Override
        public Integer call() {
            ApiClient client = options.client();
            JsonNode replaced = ApiClient.parse(client.send(client.request("/api/" + typeOf(client, name) + "webjobs/"
                    + ApiClient.encode(name) + "/settings").header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(settings))).body());
            options.output().print(replaced, () -> "settings of " + name + " replaced");
            return 0;
        }
    }

    @Command(name = "app-settings", description = "App settings (WEBJOBS_STOPPED, WEBJOBS_DISABLE_SCHEDULE, … and "
            + "user settings passed to jobs as env vars).", subcommands = {AppSettingsGet.class, AppSettingsSet.class,
            AppSettingsUnset.class})
    static final class AppSettings implements Runnable {
        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "give get, set or unset");
        }
    }

    @Command(name = "get", description = "Print the app settings as NAME=VALUE lines.")
    static final class AppSettingsGet implements Callable<Integer> {
        @Mixin ClientOptions options;

        @Override
        public Integer call() {
            JsonNode settings = options.client().getJson("/api/v2/settings");
            options.output().print(settings, () -> {
                StringBuilder lines = new StringBuilder();
                settings.fields().forEachRemaining(e -> lines.append(e.getKey()).append('=')
                        .append(e.getValue().asText()).append('\n'));
                return lines.toString();
            });
            return 0;
        }
    }

    @Command(name = "set", description = "Set app settings: NAME=VALUE … (NAME= removes one).")
    static final class AppSettingsSet implements Callable<Integer> {
        @Mixin ClientOptions options;
        @Parameters(arity = "1..*", description = "NAME=VALUE") List<String> assignments;

        @Override
        public Integer call() {
            ObjectNode body = MAPPER.createObjectNode();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    throw CliException.usage("'" + assignment + "' is not NAME=VALUE");
                }
                String value = assignment.substring(eq + 1);
                if (value.isEmpty()) {
                    body.putNull(assignment.substring(0, eq));
                } else {
                    body.put(assignment.substring(0, eq), value);
                }
            }
            ApiClient client = options.client();
            JsonNode settings = ApiClient.parse(client.send(client.request("/api/v2/settings")
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))).body());
            options.output().print(settings, () -> "app settings updated");
            return 0;
        }
    }

    @Command(name = "unset", description = "Remove app settings: NAME …")
    static final class AppSettingsUnset implements Callable<Integer> {
        @Mixin ClientOptions options;
        @Parameters(arity = "1..*", description = "NAME") List<String> names;

        @Override
        public Integer call() {
            ApiClient client = options.client();
            for (String name : names) {
                client.send(client.request("/api/v2/settings/" + ApiClient.encode(name)).DELETE());
            }
            JsonNode settings = client.getJson("/api/v2/settings");
            options.output().print(settings, () -> String.join(", ", names) + " removed");
            return 0;
        }
    }

    @Command(name = "webhook", description = "Create or replace a triggered job's webhook secret; prints it once.")
    static final class Webhook implements Callable<Integer> {
        @Mixin ClientOptions options;
        @Parameters(index = "0", description = "job name") String name;

        @Override
        public Integer call() {
            ApiClient client = options.client();
            JsonNode answer = ApiClient.parse(client.send(client.request("/api/v2/jobs/" + ApiClient.encode(name)
                    + "/webhook").POST(HttpRequest.BodyPublishers.noBody())).body());
            options.output().print(answer, () -> "url:    " + answer.path("url").asText() + "\n"
                    + "header: " + answer.path("header").asText() + ": " + answer.path("secret").asText() + "\n"
                    + "(the secret is shown this once; run `webhook " + name + "` again to replace it)");
            return 0;
        }
    }
}
