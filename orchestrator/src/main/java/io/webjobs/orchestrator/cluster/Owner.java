package io.webjobs.orchestrator.cluster;

/** Which instance holds the active copy of a key's partition, as Kafka Streams' metadata says now. */
public sealed interface Owner {

    /** This instance. */
    record Here() implements Owner {
    }

    /** Another instance, reached at {@code url}. */
    record Elsewhere(String url) implements Owner {
    }

    /** Nobody right now (the group is rebalancing, or the instance is still starting). */
    record Nobody(String reason) implements Owner {
    }

    Owner HERE = new Here();
}
