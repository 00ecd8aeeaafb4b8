package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.avro.JobType;
import io.webjobs.avro.LogBatch;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.Run;
import io.webjobs.orchestrator.domain.RunLifecycle;
import io.webjobs.orchestrator.query.JobQueries;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /api/v2/jobs/{name}/log[?follow=true][&run={id}]}: a job's log as Kudu-formatted text — a
 * continuous job's rolling log, or a triggered job's run: the one named by {@code run}, else the latest
 * (with overlapping runs, {@code concurrency: allow}, the latest need not be the one a reader opened).
 * With {@code follow} the response is chunked and stays open, sending new lines as they are stored, until
 * the run ends (triggered), the job is deleted or the client leaves (noticed at the next write; an empty
 * line is written after 15 s of quiet).
 */
final class LiveLogRoutes {

    private static final long POLL_MILLIS = 300;
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final JobQueries queries;

    LiveLogRoutes(JobQueries queries) {
        this.queries = queries;
    }

    void register(Javalin app) {
        app.get("/api/v2/jobs/{name}/log", this::log);
    }

    private void log(Context ctx) throws IOException, InterruptedException {
        String name = ctx.pathParam("name");
        Job job = queries.job(name).orElseThrow(() -> new ApiException(404, "Job '" + name + "' not found."));
        boolean follow = "true".equalsIgnoreCase(ctx.queryParam("follow"));
        String runId = job.type() == JobType.triggered ? runOf(job, ctx.queryParam("run")) : null;
        ctx.status(200).contentType("text/plain; charset=utf-8");
        if (!follow) {
            ctx.result(KuduLogFormat.format(lines(job, runId)));
            return;
        }
        OutputStream out = ctx.res().getOutputStream();
        int sent = 0;
        int quietPolls = 0;
        while (queries.job(job.name()).isPresent()) {
            List<LogBatch> lines = lines(job, runId);
            if (lines.size() > sent) {
                out.write(KuduLogFormat.format(lines.subList(sent, lines.size())).getBytes(StandardCharsets.UTF_8));
                sent = lines.size();
                quietPolls = 0;
                out.flush(); // throws once the client has gone: that ends the tail
            } else if (++quietPolls * POLL_MILLIS >= KEEPALIVE_MILLIS) {
                // Only a write notices a client that left; an empty line now and then keeps the tail honest.
                out.write('\n');
                out.flush();
                quietPolls = 0;
            }
            if (runId != null && ended(job.name(), runId) && lines(job, runId).size() == sent) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String runOf(Job job, String asked) {
        if (asked == null || asked.isBlank()) {
            return job.latestRun().map(Run::runId)
                    .orElseThrow(() -> new ApiException(404, "Job '" + job.name() + "' has no runs yet."));
        }
        return job.run(asked).map(Run::runId)
                .orElseThrow(() -> new ApiException(404, "Run '" + asked + "' of job '" + job.name() + "' not found."));
    }

    /** One line per batch, so "what was sent" is a count that survives batches growing in between. */
    private List<LogBatch> lines(Job job, String runId) {
        if (runId == null) {
            return queries.continuousLog(job.name());
        }
        return queries.log(job.name(), runId).stream().flatMap(b -> b.getLines().stream()
                .map(l -> new LogBatch(b.getJobName(), b.getRunId(), b.getRunnerId(), b.getSequence(), List.of(l),
                        b.getCorrelationId())))
                .toList();
    }

    private boolean ended(String name, String runId) {
        return queries.job(name).flatMap(j -> j.run(runId)).map(r -> RunLifecycle.isFinal(r.status())).orElse(true);
    }
}
