package io.webjobs.orchestrator.topology;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * When a stream thread asks Streams for a commit ahead of the commit interval. A run request reaches a
 * runner, and a command's outcome its waiting client, only once the transaction is committed, so waiting
 * for the interval added half of it, on average, to every run's start. The interval itself is long (the
 * scheduler's tick makes every task "need" a commit after each punctuation, so a short interval meant an
 * empty transaction every interval on an idle system). What someone waits for asks for a commit here.
 * <p>
 * The least time between two asked commits grows with what was awaited lately: {@link #PER_AWAITED} for
 * each awaited output of the last {@link #BUSY_GAP}, up to that gap. So a lone command or run is committed
 * at once, runs sent one after the other a few tens of milliseconds apart each at once too, and a burst
 * at most once per {@link #BUSY_GAP}: under load each commit costs the thread a round trip to the
 * transaction coordinator and the markers of every partition it wrote, so committing every 20 ms spent
 * the thread on commits and cost a third of the run throughput, while the clients of a busy system queue
 * for far longer than the gap anyway. What is held back is committed at the first awaited output or tick
 * once the gap has passed. (The rule before, "lone" when nothing was awaited in the last 20 ms and the
 * whole busy gap otherwise, held runs sent every 15–20 ms for up to 100 ms each: p99 of 97 ms.)
 */
final class PromptCommit {

    /** The least time between two asked commits added by each output awaited in the last {@link #BUSY_GAP}. */
    static final Duration PER_AWAITED = Duration.ofMillis(2).plusNanos(500_000);
    /** The longest least time between two asked commits, reached under load. */
    static final Duration BUSY_GAP = Duration.ofMillis(100);

    private final long perAwaitedMicros;
    private final long busyGapMs;
    /** When the last awaited outputs were sent, a ring as long as it takes to reach the busy gap. */
    private final long[] recentMs;
    private int oldest;
    /** Far enough in the past that the first awaited output is always due. */
    private long lastAskedMs = Long.MIN_VALUE / 2;
    private boolean pending;

    PromptCommit() {
        this(PER_AWAITED, BUSY_GAP);
    }

    PromptCommit(Duration perAwaited, Duration busyGap) {
        this.perAwaitedMicros = perAwaited.toNanos() / 1_000;
        this.busyGapMs = busyGap.toMillis();
        this.recentMs = new long[(int) Math.max(1, (busyGapMs * 1_000 + perAwaitedMicros - 1) / perAwaitedMicros)];
        Arrays.fill(recentMs, Long.MIN_VALUE / 2);
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
        boolean due = nowMs - lastAskedMs >= gapMs(nowMs);
        recentMs[oldest] = nowMs;
        oldest = (oldest + 1) % recentMs.length;
        pending = true;
        return due && ask(nowMs);
    }

    /** A wall-clock tick; true when an awaited output held back is to be committed now. */
    boolean onTick(long nowMs) {
        return pending && nowMs - lastAskedMs >= gapMs(nowMs) && ask(nowMs);
    }

    /** Awaited output is held back until a tick once the gap has passed. */
    boolean holdsBack() {
        return pending;
    }

    private long gapMs(long nowMs) {
        if (nowMs - recentMs[oldest] < busyGapMs) {
            return busyGapMs; // the ring is full of recent outputs: under load
        }
        int recent = 0;
        for (long at : recentMs) {
            if (nowMs - at < busyGapMs) {
                recent++;
            }
        }
        return Math.min(busyGapMs, recent * perAwaitedMicros / 1_000);
    }

    private boolean ask(long nowMs) {
        lastAskedMs = nowMs;
        pending = false;
        return true;
    }
}
