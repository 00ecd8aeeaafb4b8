package io.webjobs.orchestrator.domain;

import io.webjobs.avro.RunStatus;
import java.time.Instant;

/** One run of a triggered job as the history shows it. {@code endTime} is set once the run is final. */
public record Run(String runId, RunStatus status, String trigger, String arguments, Instant startTime,
        Instant endTime, Integer exitCode, String reason, String runnerId) {

    Run changedTo(RunStatus next, Integer code, String why, String runner, Instant at) {
        return new Run(runId, next, trigger, arguments, startTime, RunLifecycle.isFinal(next) ? at : endTime,
                code != null ? code : exitCode, why != null ? why : reason, runner != null ? runner : runnerId);
    }
}
