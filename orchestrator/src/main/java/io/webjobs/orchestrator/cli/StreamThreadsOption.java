package io.webjobs.orchestrator.cli;

import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import picocli.CommandLine.Option;

/**
 * {@code --stream-threads} of every command that runs the topology ({@code up}, {@code orchestrator}): one
 * thread gives the most runs per second on two cores; one per partition decides a burst of due schedule
 * ticks in parallel (decision 004).
 */
final class StreamThreadsOption {
    @Option(names = "--stream-threads", defaultValue = "${env:WEBJOBS_STREAM_THREADS:-" + OrchestratorConfig.DEFAULT_STREAM_THREADS + "}",
            description = "Kafka Streams threads, 1 to " + Topics.JOB_PARTITIONS + " (WEBJOBS_STREAM_THREADS, default: ${DEFAULT-VALUE}); "
                    + Topics.JOB_PARTITIONS + " for thousands of schedules due at the same second") int streamThreads;

    /** The thread count asked for; outside 1 to the partition count it is a usage error (exit 2). */
    int threads() {
        return checked(streamThreads);
    }

    /** The one CLI check of a thread count, for every option that takes one. */
    static int checked(int threads) {
        if (threads < 1 || threads > Topics.JOB_PARTITIONS) {
            throw CliException.usage("--stream-threads must be between 1 and " + Topics.JOB_PARTITIONS
                    + " (one per job partition)");
        }
        return threads;
    }
}
