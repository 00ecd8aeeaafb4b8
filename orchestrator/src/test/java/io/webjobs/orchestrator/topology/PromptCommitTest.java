package io.webjobs.orchestrator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PromptCommitTest {

    private final PromptCommit commit = new PromptCommit(Duration.ofMillis(2).plusNanos(500_000),
            Duration.ofMillis(100));

    @Test
    void aLoneAwaitedOutputIsCommittedAtOnce() {
        assertThat(commit.onAwaited(1_000)).isTrue();
        assertThat(commit.onAwaited(1_020)).isTrue();
        assertThat(commit.onAwaited(1_045)).isTrue();
        assertThat(commit.onAwaited(1_500)).isTrue();
    }

    @Test
    void runsSentOneAfterTheOtherEvery15MillisecondsAreEachCommittedAtOnce() {
        for (long at = 1_000; at < 3_000; at += 15) {
            assertThat(commit.onAwaited(at)).as("at %d", at).isTrue();
        }
    }

    @Test
    void outputsAMillisecondApartWaitLongerTheMoreTheyAre() {
        assertThat(commit.onAwaited(1_000)).isTrue();
        // one awaited in the last 100 ms: 2 ms of gap
        assertThat(commit.onAwaited(1_001)).isFalse();
        // two: 5 ms
        assertThat(commit.onAwaited(1_004)).isFalse();
        // three, the held-back ones too: 7 ms
        assertThat(commit.onTick(1_006)).isFalse();
        assertThat(commit.onTick(1_007)).isTrue();
    }

    @Test
    void underLoadAtMostOneCommitIsAskedPerBusyGap() {
        int asked = 0;
        for (long at = 1_000; at < 3_000; at++) {
            if (commit.onAwaited(at)) {
                asked++;
            }
        }
        // at 1_000, 1_100, ..., 2_900
        assertThat(asked).isEqualTo(20);
    }

    @Test
    void whatABurstHeldBackIsCommittedAtTheFirstTickAfterTheBusyGap() {
        burstFrom1000();
        assertThat(commit.onTick(1_050)).isFalse();
        assertThat(commit.onTick(1_100)).isTrue();
        // committed: nothing is held back any more
        assertThat(commit.onTick(1_300)).isFalse();
    }

    @Test
    void anAwaitedOutputAfterTheBurstEndsIsLoneAgain() {
        burstFrom1000();
        assertThat(commit.onTick(1_100)).isTrue();
        assertThat(commit.onAwaited(1_200)).isTrue();
    }

    @Test
    void ticksAloneNeverAskForACommit() {
        assertThat(commit.onTick(1_000)).isFalse();
        assertThat(commit.onTick(2_000)).isFalse();
    }

    /** 50 awaited outputs a millisecond apart from 1_000: the first committed at once, the rest held back. */
    private void burstFrom1000() {
        assertThat(commit.onAwaited(1_000)).isTrue();
        for (long at = 1_001; at < 1_050; at++) {
            assertThat(commit.onAwaited(at)).as("at %d", at).isFalse();
        }
    }
}
