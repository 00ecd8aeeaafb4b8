package io.webjobs.orchestrator.domain;

import java.time.Duration;

/**
 * Timing rules of the runner fleet and of continuous jobs.
 *
 * @param livenessTimeout a runner silent this long is lost (default 15 s)
 * @param restartDelay    {@code WEBJOBS_RESTART_TIME}: wait in PendingRestart (default 60 s)
 * @param minLifetime     a process that lived less than this waits {@code restartDelay}; longer-lived ones
 *                        restart at once (default 2 min)
 */
public record FleetRules(Duration livenessTimeout, Duration restartDelay, Duration minLifetime) {

    public static final FleetRules DEFAULT = new FleetRules(Duration.ofSeconds(15), Duration.ofSeconds(60),
            Duration.ofMinutes(2));

    public FleetRules {
        if (livenessTimeout.isNegative() || livenessTimeout.isZero()) {
            throw new IllegalArgumentException("liveness timeout must be positive, was " + livenessTimeout);
        }
        if (restartDelay.isNegative() || minLifetime.isNegative()) {
            throw new IllegalArgumentException("restart delay and min lifetime must not be negative");
        }
    }
}
