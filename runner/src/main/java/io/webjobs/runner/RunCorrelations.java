package io.webjobs.runner;

import io.webjobs.avro.RunRequest;
import io.webjobs.contract.Topics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The correlation id of each run this runner is executing, so its reports and log batches carry the
 * id of the user action that started it (runs are followed across topics by it).
 */
public final class RunCorrelations {

    private final Map<String, String> ids = new ConcurrentHashMap<>();

    void started(RunRequest request) {
        if (request.getCorrelationId() != null) {
            ids.put(Topics.logKey(request.getJobName(), request.getRunId()), request.getCorrelationId());
        }
    }

    void ended(RunRequest request) {
        ids.remove(Topics.logKey(request.getJobName(), request.getRunId()));
    }

    /** {@code null} when the run is unknown or its request carried none. */
    String of(String jobName, String runId) {
        return ids.get(Topics.logKey(jobName, runId));
    }
}
