package io.webjobs.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class HostCpuTest {

    @Test
    void shouldTellTheShareOfTheMachinesTimeTheHypervisorGaveAway() {
        // user nice system idle iowait irq softirq steal guest guest_nice, in ticks of 10 ms
        HostCpu before = HostCpu.parse("cpu  1000 0 500 8000 100 0 50 350 40 0");
        HostCpu after = HostCpu.parse("cpu  1300 0 600 8400 100 0 50 450 90 0");

        HostCpu stretch = after.since(before);

        // 300 + 100 + 400 + 100 steal = 900 ticks; the guest time is inside user, so not counted twice
        assertThat(stretch.totalMs()).isEqualTo(9_000);
        assertThat(stretch.stealMs()).isEqualTo(1_000);
        assertThat(stretch.stealPercent()).isCloseTo(11.11, offset(0.01));
    }

    @Test
    void shouldReadAKernelWithoutStealAsNone() {
        assertThat(HostCpu.parse("cpu 10 0 10 80 0 0 0").stealPercent()).isZero();
    }

    @Test
    void shouldRefuseALineOfOneCpu() {
        assertThatThrownBy(() -> HostCpu.parse("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu0");
    }

    @Test
    void shouldReadThisMachine() {
        HostCpu now = HostCpu.now(); // the benches, and so this test, run on Linux

        assertThat(now.totalMs()).isPositive();
        assertThat(now.stealMs()).isBetween(0.0, now.totalMs());
    }
}
