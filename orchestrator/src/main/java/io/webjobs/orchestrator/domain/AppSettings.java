package io.webjobs.orchestrator.domain;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunJob;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * App-wide settings (Kudu's app settings) that change what every job may do. {@code WEBJOBS_STOPPED=1}
 * stops every job: continuous instances are stopped and not placed, triggered runs are refused.
 */
public record AppSettings(Map<String, String> values) {

    public static final String STOPPED_KEY = "WEBJOBS_STOPPED";
    public static final String STOPPED_MESSAGE = "WebJobs are currently in \"stopped\" state.";
    public static final AppSettings NONE = new AppSettings(Map.of());

    public AppSettings {
        values = Map.copyOf(values);
    }

    /** "1" or "true", as Kudu reads it. */
    public boolean webJobsStopped() {
        String value = values.get(STOPPED_KEY);
        return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
    }

    /** A refusal of the command under these settings, or empty when the job's own rules decide. */
    public Optional<List<JobEvent>> refusal(JobCommand command, Instant now) {
        if (command.getPayload() instanceof RunJob && webJobsStopped()) {
            String cause = command.getCommandId();
            return Optional.of(List.of(new JobEvent(cause + "/0", command.getJobName(), now, cause,
                    command.getIssuedBy(), new CommandRejected(cause, RejectionCode.STOPPED, STOPPED_MESSAGE),
                    command.getCorrelationId())));
        }
        return Optional.empty();
    }
}
