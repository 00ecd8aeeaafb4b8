package io.webjobs.orchestrator.audit;

import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** The differences between jobs rebuilt from the log and jobs in the live store, one readable line each. */
public final class StateDifferences {

    private StateDifferences() {
    }

    public static List<String> between(Map<String, Job> rebuilt, Map<String, Job> live) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(rebuilt.keySet());
        keys.addAll(live.keySet());
        for (String key : keys) {
            Job fromLog = rebuilt.get(key);
            Job stored = live.get(key);
            if (fromLog == null) {
                differences.add(key + ": in the store but not in the event log");
            } else if (stored == null) {
                differences.add(key + ": in the event log but missing from the store");
            } else if (!fromLog.equals(stored)) {
                differences.addAll(fieldDifferences(key, fromLog, stored));
            }
        }
        return differences;
    }

    private static List<String> fieldDifferences(String key, Job log, Job store) {
        List<String> out = new ArrayList<>();
        compare(out, key, "name", log.name(), store.name());
        compare(out, key, "type", log.type(), store.type());
        compare(out, key, "artifact", log.artifactDigest(), store.artifactDigest());
        compare(out, key, "artifact size", log.artifactSize(), store.artifactSize());
        compare(out, key, "entry point", log.entryPoint(), store.entryPoint());
        compare(out, key, "settings", log.settingsJson(), store.settingsJson());
        compare(out, key, "stopped", log.stopped(), store.stopped());
        compare(out, key, "deployed at", log.deployedAt(), store.deployedAt());
        compare(out, key, "run count", log.runs().size(), store.runs().size());
        for (int i = 0; i < Math.min(log.runs().size(), store.runs().size()); i++) {
            Run a = log.runs().get(i);
            Run b = store.runs().get(i);
            if (!a.equals(b)) {
                out.add(key + ": run " + a.runId() + " is " + a + " in the log but " + b + " in the store");
            }
        }
        if (out.isEmpty()) {
            out.add(key + ": differs");
        }
        return out;
    }

    private static void compare(List<String> out, String key, String field, Object log, Object store) {
        if (!Objects.equals(log, store)) {
            out.add(key + ": " + field + " is " + log + " in the log but " + store + " in the store");
        }
    }
}
