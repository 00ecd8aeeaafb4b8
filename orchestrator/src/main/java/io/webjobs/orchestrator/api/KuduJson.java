package io.webjobs.orchestrator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.orchestrator.domain.ContinuousStatus;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.Run;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders jobs and runs the way Kudu writes them: snake_case names, nulls included, absolute URLs
 * built from the request's scheme and host, durations as {@code hh:mm:ss.fffffff}.
 */
final class KuduJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private KuduJson() {
    }

    static Map<String, Object> triggeredJob(Job job, String base, Instant now) {
        String url = base + "/api/triggeredwebjobs/" + job.name();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("latest_run", job.latestRun().map(r -> run(job, r, base, now)).orElse(null));
        json.put("history_url", url + "/history");
        json.put("scheduler_logs_url", base + schedulerLogPath(job.name()));
        json.put("name", job.name());
        json.put("run_command", job.entryPoint());
        json.put("url", url);
        json.put("extra_info_url", null);
        json.put("type", job.type().name());
        json.put("error", null);
        json.put("using_sdk", false);
        json.put("settings", settings(job.settingsJson()));
        return json;
    }

    static Map<String, Object> continuousJob(Job job, String base, List<String> liveRunners, boolean allStopped) {
        String url = base + "/api/continuouswebjobs/" + job.name();
        ContinuousStatus status = ContinuousStatus.of(job, liveRunners, allStopped);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status.status());
        json.put("detailed_status", String.join("\n", status.lines()));
        json.put("log_url", base + "/api/vfs/data/jobs/continuous/" + job.name() + "/job_log.txt");
        json.put("name", job.name());
        json.put("run_command", job.entryPoint());
        json.put("url", url);
        json.put("extra_info_url", null);
        json.put("type", job.type().name());
        json.put("error", null);
        json.put("using_sdk", false);
        json.put("settings", settings(job.settingsJson()));
        // Ours, beyond Kudu: where each instance runs and why it last changed.
        json.put("instances", job.instances().stream().map(i -> {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("runner", i.runnerId());
            instance.put("status", i.status().name());
            instance.put("since", i.since().toString());
            instance.put("exit_code", i.exitCode());
            instance.put("reason", i.reason());
            instance.put("restart_at", i.restartAt() == null ? null : i.restartAt().toString());
            return instance;
        }).toList());
        return json;
    }

    static Map<String, Object> run(Job job, Run run, String base, Instant now) {
        String jobUrl = base + "/api/triggeredwebjobs/" + job.name();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.runId());
        json.put("name", run.runId());
        json.put("status", run.status().name());
        json.put("start_time", run.startTime().toString());
        json.put("end_time", run.endTime() == null ? null : run.endTime().toString());
        json.put("duration", duration(run.startTime(), run.endTime() == null ? now : run.endTime()));
        json.put("output_url", base + outputPath(job.name(), run.runId()));
        json.put("error_url", null);
        json.put("url", jobUrl + "/history/" + run.runId());
        json.put("job_name", job.name());
        json.put("trigger", run.trigger());
        json.put("exit_code", run.exitCode());
        json.put("reason", run.reason());
        json.put("runner_id", run.runnerId());
        return json;
    }

    static String schedulerLogPath(String jobName) {
        return "/api/vfs/data/jobs/triggered/" + jobName + "/job_scheduler.log";
    }

    static String outputPath(String jobName, String runId) {
        return "/api/vfs/data/jobs/triggered/" + jobName + "/" + runId + "/output_log.txt";
    }

    /** .NET TimeSpan's default format, as Kudu serializes it: {@code 00:00:05.1234567}. */
    static String duration(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long hours = d.toHours();
        return String.format("%02d:%02d:%02d.%07d", hours, d.toMinutesPart(), d.toSecondsPart(), d.toNanosPart() / 100);
    }

    /** A settings.job body must be a JSON object (Kudu's PUT …/settings); anything else is a 400 saying why. */
    static void requireSettingsObject(String body) {
        try {
            if (!MAPPER.readTree(body).isObject()) {
                throw new ApiException(400, "Settings must be a JSON object.");
            }
        } catch (IOException e) {
            throw new ApiException(400, "Settings are not valid JSON: " + e.getMessage());
        }
    }

    static Object settings(String settingsJson) {
        try {
            return MAPPER.readTree(settingsJson);
        } catch (IOException e) {
            return Map.of();
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> error(String message) {
        return Map.of("Message", message);
    }
}
