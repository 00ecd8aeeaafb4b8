package io.webjobs.orchestrator.domain;

/**
 * The orchestrator-wide settings the pure functions need: how many runs history keeps
 * ({@code WEBJOBS_HISTORY_SIZE}) and the idle timeout handed to runners ({@code WEBJOBS_IDLE_TIMEOUT}).
 */
public record JobRules(int historySize, int idleTimeoutSeconds) {

    public static final JobRules DEFAULT = new JobRules(50, 120);

    public JobRules {
        if (historySize < 1) {
            throw new IllegalArgumentException("history size must be at least 1, was " + historySize);
        }
        if (idleTimeoutSeconds < 1) {
            throw new IllegalArgumentException("idle timeout must be at least 1 s, was " + idleTimeoutSeconds);
        }
    }
}
