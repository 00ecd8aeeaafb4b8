package io.webjobs.orchestrator.topology;

import java.time.Duration;

/**
 * When a task asks Streams for a commit ahead of the commit interval. A run request reaches a runner,
 * and a command's outcome its waiting client, only once the transaction is committed, so waiting for
 * the interval added half of it, on average, to every run's start. The interval itself is long (the
 * scheduler's tick makes every task "need" a commit after each punctuation, so a short interval meant
 * an empty transaction every interval on an idle system); what someone waits for asks for a commit here:
 * at once after a quiet {@link #GAP}, else at the first tick after the gap, so a burst is committed in
 * batches at most one gap apart instead of one transaction per record.
 */
final class PromptCommit {

    /** The shortest time between two asked commits: one of them per gap at most, however busy. */
    static final Duration GAP = Duration.ofMillis(20);

    private final long gapMs;
    /** Far enough in the past that the first awaited output is always due. */
    private long lastAskedMs = Long.MIN_VALUE / 2;
    private boolean pending;

    PromptCommit() {
        this(GAP);
    }

    PromptCommit(Duration gap) {
        this.gapMs = gap.toMillis();
    }

    /** Someone waits for what the task sent at {@code nowMs}; true when a commit is to be asked now. */
    boolean onAwaited(long nowMs) {
        pending = true;
        return due(nowMs);
    }

    /** The task's wall-clock tick; true when an awaited output held back in a burst is to be committed now. */
    boolean onTick(long nowMs) {
        return pending && due(nowMs);
    }

    private boolean due(long nowMs) {
        if (nowMs - lastAskedMs < gapMs) {
            return false;
        }
        lastAskedMs = nowMs;
        pending = false;
        return true;
    }
}
