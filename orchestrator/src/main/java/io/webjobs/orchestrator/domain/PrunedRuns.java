package io.webjobs.orchestrator.domain;

import io.webjobs.avro.JobType;
import java.util.List;

/**
 * The runs an event took out of a triggered job's history (pruned past the history size, or the job deleted):
 * their logs are forgotten with them, as Kudu deletes the folder of a run it no longer lists.
 */
public final class PrunedRuns {

    private PrunedRuns() {
    }

    public static List<String> of(Job before, Job after) {
        if (before == null || before.type() != JobType.triggered || before.runs().isEmpty()) {
            return List.of();
        }
        return ChangedRuns.between(before.runs(), after == null ? List.of() : after.runs()).removed();
    }
}
