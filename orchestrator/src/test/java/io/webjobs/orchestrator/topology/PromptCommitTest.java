package io.webjobs.orchestrator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PromptCommitTest {

    private final PromptCommit commit = new PromptCommit(Duration.ofMillis(20));

    @Test
    void anAwaitedOutputAfterAQuietSpellIsCommittedAtOnce() {
        assertThat(commit.onAwaited(1_000)).isTrue();
        assertThat(commit.onAwaited(1_020)).isTrue();
        assertThat(commit.onAwaited(1_500)).isTrue();
    }

    @Test
    void inABurstAtMostOneCommitIsAskedPerGap() {
        assertThat(commit.onAwaited(1_000)).isTrue();
        assertThat(commit.onAwaited(1_005)).isFalse();
        assertThat(commit.onAwaited(1_019)).isFalse();
        assertThat(commit.onAwaited(1_021)).isTrue();
    }

    @Test
    void whatABurstHeldBackIsCommittedAtTheFirstTickAfterTheGap() {
        commit.onAwaited(1_000);
        commit.onAwaited(1_005);
        assertThat(commit.onTick(1_010)).isFalse();
        assertThat(commit.onTick(1_020)).isTrue();
        // committed: nothing is held back any more
        assertThat(commit.onTick(1_060)).isFalse();
    }

    @Test
    void ticksAloneNeverAskForACommit() {
        assertThat(commit.onTick(1_000)).isFalse();
        assertThat(commit.onTick(2_000)).isFalse();
    }
}
