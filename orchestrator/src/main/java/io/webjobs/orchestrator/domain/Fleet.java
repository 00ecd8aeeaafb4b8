package io.webjobs.orchestrator.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runners as their heartbeats show them: id → time of the last heartbeat, and id → the continuous
 * launches that heartbeat listed (absent for runners that do not say).
 */
public record Fleet(Map<String, Instant> lastSeen, Map<String, Set<String>> launches) {

    public Fleet {
        lastSeen = Map.copyOf(lastSeen);
        launches = Map.copyOf(launches);
    }

    public Fleet(Map<String, Instant> lastSeen) {
        this(lastSeen, Map.of());
    }

    /**
     * The runner heartbeated, after it saw this instance Running, without listing it: the runner process
     * restarted (same id) and the instance's process is gone. Both times are the runner's clock.
     */
    public boolean forgot(Instance instance) {
        Set<String> listed = launches.get(instance.runnerId());
        Instant seen = lastSeen.get(instance.runnerId());
        return listed != null && seen != null && instance.observedRunningAt() != null
                && instance.status() == io.webjobs.avro.RunStatus.Running
                && seen.isAfter(instance.observedRunningAt()) && !listed.contains(instance.launchId());
    }

    public boolean isLive(String runnerId, Instant now, FleetRules rules) {
        Instant seen = lastSeen.get(runnerId);
        return seen != null && !seen.plus(rules.livenessTimeout()).isBefore(now);
    }

    /** Live runner ids in a stable order (by id), so placement is deterministic. */
    public List<String> live(Instant now, FleetRules rules) {
        return lastSeen.keySet().stream().filter(id -> isLive(id, now, rules)).sorted().toList();
    }
}
