package io.webjobs.orchestrator.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What an event changed in a job's runs: the runs that are new or changed, and the ids of those gone. The fold
 * keeps an unchanged run as the same object, so the two shapes it produces for every run are found by reference,
 * without sets: a report replaces runs in place, a request puts one in front and may drop older ones. Any other
 * shape compares by id.
 */
public record ChangedRuns(List<Run> written, List<String> removed) {

    private static final ChangedRuns NONE = new ChangedRuns(List.of(), List.of());

    public static ChangedRuns between(List<Run> before, List<Run> after) {
        if (before == after) {
            return NONE;
        }
        ChangedRuns found = inPlace(before, after);
        if (found == null) {
            found = inFront(before, after);
        }
        return found != null ? found : byId(before, after);
    }

    /** The same runs in the same order, some replaced. */
    private static ChangedRuns inPlace(List<Run> before, List<Run> after) {
        if (before.size() != after.size()) {
            return null;
        }
        List<Run> written = new ArrayList<>(1);
        for (int i = 0; i < after.size(); i++) {
            Run was = before.get(i);
            Run now = after.get(i);
            if (was != now) {
                if (!was.runId().equals(now.runId())) {
                    return null;
                }
                written.add(now);
            }
        }
        return new ChangedRuns(written, List.of());
    }

    /** One run in front of the runs before, in their order, some of them dropped. */
    private static ChangedRuns inFront(List<Run> before, List<Run> after) {
        if (after.isEmpty() || after.size() > before.size() + 1) {
            return null;
        }
        List<String> dropped = new ArrayList<>();
        int j = 0;
        for (int i = 1; i < after.size(); i++) {
            while (j < before.size() && before.get(j) != after.get(i)) {
                dropped.add(before.get(j++).runId());
            }
            if (j == before.size()) {
                return null;
            }
            j++;
        }
        while (j < before.size()) {
            dropped.add(before.get(j++).runId());
        }
        Run added = after.get(0);
        return dropped.contains(added.runId()) ? null : new ChangedRuns(List.of(added), dropped);
    }

    private static ChangedRuns byId(List<Run> before, List<Run> after) {
        Set<Run> unchanged = Collections.newSetFromMap(new IdentityHashMap<>(before.size() * 2));
        unchanged.addAll(before);
        Set<String> kept = new HashSet<>(after.size() * 2);
        List<Run> written = new ArrayList<>();
        for (Run run : after) {
            kept.add(run.runId());
            if (!unchanged.contains(run)) {
                written.add(run);
            }
        }
        List<String> removed = new ArrayList<>();
        for (Run run : before) {
            if (!kept.contains(run.runId())) {
                removed.add(run.runId());
            }
        }
        return new ChangedRuns(written, removed);
    }
}
