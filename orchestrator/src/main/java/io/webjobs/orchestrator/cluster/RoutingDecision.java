package io.webjobs.orchestrator.cluster;

/**
 * What to do with a request routed by its job's key. A request that already made its one hop is answered
 * here or refused, never forwarded again: two instances with different views of the assignment (mid-rebalance)
 * cannot bounce it between them.
 */
public sealed interface RoutingDecision {

    record Answer() implements RoutingDecision {
    }

    record Forward(String url) implements RoutingDecision {
    }

    /** 503 with {@code Retry-After}: the partition is moving. */
    record Unavailable(String reason) implements RoutingDecision {
    }

    static RoutingDecision decide(Owner owner, boolean alreadyForwarded) {
        if (owner instanceof Owner.Elsewhere elsewhere) {
            return alreadyForwarded
                    ? new Unavailable("The job's partition moved to " + elsewhere.url() + " while the request was on its way.")
                    : new Forward(elsewhere.url());
        }
        if (owner instanceof Owner.Nobody nobody) {
            return new Unavailable(nobody.reason());
        }
        return new Answer();
    }
}
