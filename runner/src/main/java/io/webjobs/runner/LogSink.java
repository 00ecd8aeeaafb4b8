package io.webjobs.runner;

import io.webjobs.avro.LogLine;

/** Where a run's output lines go ({@code webjobs.logs} in production). */
public interface LogSink {

    void append(String jobName, String runId, LogLine line);

    /**
     * Hands on every line appended for this run, in order, and forgets the run. A run calls it once, right
     * before its terminal report, which is confirmed only once these lines are stored too (in production
     * both share one producer and the report flushes it), so whoever sees the final status can read the
     * whole log: one flushed round trip per run end instead of two.
     */
    void end(String jobName, String runId);
}
