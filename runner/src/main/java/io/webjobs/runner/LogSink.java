package io.webjobs.runner;

import io.webjobs.avro.LogLine;

/** Where a run's output lines go ({@code webjobs.logs} in production). */
public interface LogSink {

    void append(String jobName, String runId, LogLine line);

    /**
     * Hands on every line appended for this run, in order, and forgets the run. A run calls it once, right
     * before its terminal report. In production both share one producer, which drains every partition's
     * batch for a broker once the oldest is due: the log's last batch, older than the report, leaves in the
     * same request or an earlier one, on a connection the broker serves in order, so whoever sees the final
     * status can read the whole log. One round trip per run end, shared with the runs ending meanwhile.
     */
    void end(String jobName, String runId);
}
