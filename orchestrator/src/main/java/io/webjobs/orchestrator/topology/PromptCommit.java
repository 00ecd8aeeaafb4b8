package io.webjobs.orchestrator.topology;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * When a stream thread asks Streams for a commit ahead of the commit interval. A run request reaches a
 * runner, and a command's outcome its waiting client, only once the transaction is committed, so waiting
 * for the interval added half of it, on average, to every run's start. The interval itself is long (the
 * scheduler's tick makes every task "need" a commit after each punctuation, so a short interval meant an
 * empty transaction every interval on an idle system). What someone waits for asks for a commit here:
 * <ul>
 * <li>at once when nothing else was awaited in the last {@link #QUIET}: a lone command or run;</li>
 * <li>else at most once per {@link #BUSY_GAP}, at the first awaited output or tick after it: under load
 * each commit costs the thread a round trip to the transaction coordinator and the markers of every
 * partition it wrote, so committing every 20 ms spent the thread on commits and cost a third of the run
 * throughput, while the clients of a busy system queue for far longer than the gap anyway.</li>
 * </ul>
 */
final class PromptCommit {

    /** How long nothing else is awaited before an awaited output counts as lone. */
    static final Duration QUIET = Duration.ofMillis(20);
    /** The shortest time between two asked commits while awaited outputs follow each other closely. */
    static final Duration BUSY_GAP = Duration.ofMillis(100);

    private final long quietMs;
    private final long busyGapMs;
    /** Far enough in the past that the first awaited output is always lone and due. */
    private long lastAwaitedMs = Long.MIN_VALUE / 2;
    private long lastAskedMs = Long.MIN_VALUE / 2;
    private boolean pending;

    PromptCommit() {
        this(QUIET, BUSY_GAP);
    }

    PromptCommit(Duration quiet, Duration busyGap) {
        this.quietMs = quiet.toMillis();
        this.busyGapMs = busyGap.toMillis();
    }

    /**
     * One per stream thread, shared by its tasks: a commit commits every task of the thread in one
     * transaction, so tasks pacing apart only multiplied the commits.
     */
    static Supplier<PromptCommit> perStreamThread() {
        return ThreadLocal.withInitial(PromptCommit::new)::get;
    }

    /** Someone waits for what the thread sent at {@code nowMs}; true when a commit is to be asked now. */
    boolean onAwaited(long nowMs) {
        boolean lone = nowMs - lastAwaitedMs >= quietMs;
        lastAwaitedMs = nowMs;
        pending = true;
        return lone || nowMs - lastAskedMs >= busyGapMs ? ask(nowMs) : false;
    }

    /** A wall-clock tick; true when an awaited output held back in a burst is to be committed now. */
    boolean onTick(long nowMs) {
        return pending && nowMs - lastAskedMs >= busyGapMs && ask(nowMs);
    }

    private boolean ask(long nowMs) {
        lastAskedMs = nowMs;
        pending = false;
        return true;
    }
}
