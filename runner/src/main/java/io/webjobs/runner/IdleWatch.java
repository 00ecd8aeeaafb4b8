package io.webjobs.runner;

import java.time.Clock;
import java.time.Duration;

/**
 * Kudu's idle rule: a run is idle once its process tree wrote no output AND used no CPU time for
 * the whole timeout. Either kind of activity restarts the count. Output is noted from the reader
 * threads, CPU samples from the run's monitor loop.
 */
final class IdleWatch {

    private final Clock clock;
    private final Duration timeout;
    private volatile long lastActivityMillis;
    private long lastCpuTicks = -1;

    IdleWatch(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
        this.lastActivityMillis = clock.millis();
    }

    void output() {
        lastActivityMillis = clock.millis();
    }

    /** Records a CPU-time sample of the tree and answers whether the run has been idle too long. */
    boolean idleAfter(long cpuTicks) {
        long now = clock.millis();
        if (cpuTicks != lastCpuTicks) {
            lastCpuTicks = cpuTicks;
            lastActivityMillis = now;
        }
        return now - lastActivityMillis >= timeout.toMillis();
    }
}
