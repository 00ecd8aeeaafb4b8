package io.webjobs.orchestrator.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The runners as their heartbeats show them: id → time of the last heartbeat. */
public record Fleet(Map<String, Instant> lastSeen) {

    public Fleet {
        lastSeen = Map.copyOf(lastSeen);
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
