package io.webjobs.runner;

import io.webjobs.avro.LogLine;

/** Where a run's output lines go ({@code webjobs.logs} in production). */
public interface LogSink {

    void append(String jobName, String runId, LogLine line);

    /**
     * Blocks until every line appended for this run is stored. A run calls it once, right before its
     * terminal report, so whoever sees the final status can read the whole log.
     */
    void end(String jobName, String runId);
}
