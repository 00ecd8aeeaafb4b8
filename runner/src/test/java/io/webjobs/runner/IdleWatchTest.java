package io.webjobs.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleWatchTest {

    private final SettableClock clock = new SettableClock();
    private final IdleWatch watch = new IdleWatch(clock, Duration.ofSeconds(10));

    @Test
    void shouldBeIdleAfterTimeoutWithoutOutputOrCpu() {
        assertThat(watch.idleAfter(5)).isFalse();
        clock.tick(Duration.ofSeconds(9));
        assertThat(watch.idleAfter(5)).isFalse();
        clock.tick(Duration.ofSeconds(1));
        assertThat(watch.idleAfter(5)).isTrue();
    }

    @Test
    void shouldRestartTheCountOnOutput() {
        watch.idleAfter(5);
        clock.tick(Duration.ofSeconds(9));
        watch.output();
        clock.tick(Duration.ofSeconds(9));
        assertThat(watch.idleAfter(5)).isFalse();
        clock.tick(Duration.ofSeconds(1));
        assertThat(watch.idleAfter(5)).isTrue();
    }

    @Test
    void shouldRestartTheCountOnCpuTimeChange() {
        watch.idleAfter(5);
        clock.tick(Duration.ofSeconds(9));
        assertThat(watch.idleAfter(6)).isFalse();
        clock.tick(Duration.ofSeconds(9));
        assertThat(watch.idleAfter(6)).isFalse();
        clock.tick(Duration.ofSeconds(1));
        assertThat(watch.idleAfter(6)).isTrue();
    }

    @Test
    void shouldReadCpuTimeOfALiveProcess() {
        assertThat(ProcessTree.cpuTicksOf(ProcessHandle.current().pid())).isPositive();
        assertThat(ProcessTree.cpuTicksOf(Long.MAX_VALUE)).isZero();
    }
}
