/**
 * The webjobs runner: takes run requests from {@code webjobs.run-requests}, fetches the job's zip
 * from {@code webjobs.artifacts}, runs its entry point as a child process, ships the output to
 * {@code webjobs.logs} and reports what it observed to {@code webjobs.runner-reports}.
 *
 * <p>Public API used by other modules: {@link io.webjobs.runner.JobArchive} (also validates uploads
 * at deploy time), {@link io.webjobs.runner.ArchiveLimits},
 * {@link io.webjobs.runner.InvalidArchiveException}, {@link io.webjobs.runner.Runner} and
 * {@link io.webjobs.runner.RunnerConfig}. Running one request ({@link io.webjobs.runner.RunExecution})
 * knows no Kafka: it talks to three small ports ({@link io.webjobs.runner.ArtifactSource},
 * {@link io.webjobs.runner.RunReports}, {@link io.webjobs.runner.LogSink}); the {@code Kafka*} classes
 * and {@link io.webjobs.runner.ArtifactCache} are the thin Kafka edges behind them.
 */
package io.webjobs.runner;
