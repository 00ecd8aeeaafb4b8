package io.webjobs.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutingDecisionTest {

    @Test
    void shouldAnswerHereWhenThisInstanceOwnsTheKey() {
        assertThat(RoutingDecision.decide(Owner.HERE, false)).isInstanceOf(RoutingDecision.Answer.class);
        assertThat(RoutingDecision.decide(Owner.HERE, true)).isInstanceOf(RoutingDecision.Answer.class);
    }

    @Test
    void shouldForwardOnceToTheOwner() {
        assertThat(RoutingDecision.decide(new Owner.Elsewhere("http://orchestrator-2:8080"), false))
                .isEqualTo(new RoutingDecision.Forward("http://orchestrator-2:8080"));
    }

    @Test
    void shouldNeverForwardARequestTwice() {
        RoutingDecision decision = RoutingDecision.decide(new Owner.Elsewhere("http://orchestrator-1:8080"), true);
        assertThat(decision).isInstanceOf(RoutingDecision.Unavailable.class);
        assertThat(((RoutingDecision.Unavailable) decision).reason()).contains("moved to http://orchestrator-1:8080");
    }

    @Test
    void shouldBeUnavailableWhileNobodyOwnsTheKey() {
        assertThat(RoutingDecision.decide(new Owner.Nobody("rebalancing"), false))
                .isEqualTo(new RoutingDecision.Unavailable("rebalancing"));
    }
}
