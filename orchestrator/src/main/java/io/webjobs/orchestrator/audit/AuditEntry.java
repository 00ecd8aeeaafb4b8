package io.webjobs.orchestrator.audit;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.SettingsUpdated;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the audit timeline: when, which job, what happened, who caused it, which run, and the
 * details that explain it (exit code, reason, rejection code). Pure: built from one event.
 */
public record AuditEntry(Instant time, String job, String event, String actor, String runId,
        Map<String, Object> details) {

    public static AuditEntry of(JobEvent e) {
        Object payload = e.getPayload();
        Map<String, Object> details = new LinkedHashMap<>();
        String runId = null;
        if (payload instanceof RunStatusChanged c) {
            runId = c.getRunId();
            details.put("status", c.getStatus().name());
            details.put("exit_code", c.getExitCode());
            details.put("reason", c.getReason());
            details.put("runner", c.getRunnerId());
        } else if (payload instanceof RunRequested r) {
            runId = r.getRunId();
            details.put("trigger", r.getTrigger());
            details.put("arguments", r.getArguments());
        } else if (payload instanceof CommandRejected r) {
            details.put("code", r.getCode().name());
            details.put("reason", r.getReason());
            details.put("command", r.getCommandId());
        } else if (payload instanceof JobDeployed d) {
            details.put("type", d.getType().name());
            details.put("entry_point", d.getEntryPoint());
            details.put("artifact", d.getArtifactDigest());
        } else if (payload instanceof SettingsUpdated s) {
            details.put("settings", s.getSettingsJson());
        }
        details.values().removeIf(v -> v == null);
        details.put("caused_by", e.getCausedBy());
        if (e.getCorrelationId() != null) {
            details.put("correlation_id", e.getCorrelationId());
        }
        return new AuditEntry(e.getAt(), e.getJobName(), payload.getClass().getSimpleName(), e.getActor(), runId,
                details);
    }

    /** The human form: time, job, event, actor, run and details, tab-separated. */
    public String line() {
        StringBuilder line = new StringBuilder(160).append(time).append('\t').append(job).append('\t').append(event)
                .append("\tactor=").append(actor.isEmpty() ? "-" : actor)
                .append("\trun=").append(runId == null ? "-" : runId).append('\t');
        boolean first = true;
        for (Map.Entry<String, Object> detail : details.entrySet()) {
            if (!detail.getKey().equals("caused_by") && !detail.getKey().equals("correlation_id")) {
                line.append(first ? "" : " ").append(detail.getKey()).append('=').append(detail.getValue());
                first = false;
            }
        }
        return line.toString();
    }

    /** The JSON form's fields, in a stable order. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", time.toString());
        json.put("job", job);
        json.put("event", event);
        json.put("actor", actor);
        json.put("run_id", runId);
        json.put("details", details);
        return json;
    }
}
