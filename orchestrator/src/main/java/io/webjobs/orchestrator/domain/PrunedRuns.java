package io.webjobs.orchestrator.domain;

import io.webjobs.avro.JobType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
        if (after != null && sameRuns(before.runs(), after.runs())) {
            return List.of(); // a status change: asked for every event, so no set of ids is built for it
        }
        Set<String> kept = after == null ? Set.of()
                : after.runs().stream().map(Run::runId).collect(Collectors.toSet());
        return before.runs().stream().map(Run::runId).filter(id -> !kept.contains(id)).toList();
    }

    private static boolean sameRuns(List<Run> before, List<Run> after) {
        if (before.size() != after.size()) {
            return false;
        }
        for (int i = 0; i < before.size(); i++) {
            // the fold keeps an unchanged run as the same object: most runs compare by reference
            if (before.get(i) != after.get(i) && !before.get(i).runId().equals(after.get(i).runId())) {
                return false;
            }
        }
        return true;
    }
}
