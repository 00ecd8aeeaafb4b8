package io.webjobs.orchestrator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PromptCommitTest {

    private final PromptCommit commit = new PromptCommit(Duration.ofMillis(20), Duration.ofMillis(100));

    @Test
    void aLoneAwaitedOutputIsCommittedAtOnce() {
        assertThat(commit.onAwaited(1_000)).isTrue();
        assertThat(commit.onAwaited(1_020)).isTrue();
        assertThat(commit.onAwaited(1_045)).isTrue();
        assertThat(commit.onAwaited(1_500)).isTrue();
    }

    @Test
    void inABurstAtMostOneCommitIsAskedPerBusyGap() {
        assertThat(commit.onAwaited(1_000)).isTrue();
        // each follows the one before within the quiet time: a burst
        for (long at = 1_005; at < 1_100; at += 15) {
            assertThat(commit.onAwaited(at)).as("at %d", at).isFalse();
        }
        assertThat(commit.onAwaited(1_100)).isTrue();
        assertThat(commit.onAwaited(1_110)).isFalse();
    }

    @Test
    void whatABurstHeldBackIsCommittedAtTheFirstTickAfterTheBusyGap() {
        burstOfTwoFrom1000();
        assertThat(commit.onTick(1_050)).isFalse();
        assertThat(commit.onTick(1_100)).isTrue();
        // committed: nothing is held back any more
        assertThat(commit.onTick(1_300)).isFalse();
    }

    @Test
    void anAwaitedOutputAfterTheBurstEndsIsLoneAgain() {
        burstOfTwoFrom1000();
        assertThat(commit.onTick(1_100)).isTrue();
        assertThat(commit.onAwaited(1_130)).isTrue();
    }

    @Test
    void ticksAloneNeverAskForACommit() {
        assertThat(commit.onTick(1_000)).isFalse();
        assertThat(commit.onTick(2_000)).isFalse();
    }

    /** Two awaited outputs 5 ms apart: the first committed at once, the second held back. */
    private void burstOfTwoFrom1000() {
        commit.onAwaited(1_000);
        commit.onAwaited(1_005);
    }
}
