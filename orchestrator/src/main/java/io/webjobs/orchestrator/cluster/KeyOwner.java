package io.webjobs.orchestrator.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks Kafka Streams' metadata (every instance's {@code application.server} and the partitions it owns, shared
 * through the group protocol) which instance holds the active copy of a key, and which instances hold a store.
 */
public final class KeyOwner {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public KeyOwner(KafkaStreams streams, AdvertisedAddress self) {
        this.streams = streams;
        this.self = new HostInfo(self.host(), self.port());
    }

    /** @param key the key as the store's source topic has it (the partitioner hashes those bytes) */
    public Owner of(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (RuntimeException e) {
            return new Owner.Nobody("The orchestrator is starting: " + e.getMessage());
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE) || metadata.activeHost() == null
                || metadata.activeHost().equals(HostInfo.unavailable())) {
            return new Owner.Nobody("No orchestrator owns that job's partition right now (rebalancing).");
        }
        return metadata.activeHost().equals(self) ? Owner.HERE : new Owner.Elsewhere(url(metadata.activeHost()));
    }

    /** Every instance holding active partitions of {@code store}, this one ({@link #self()}) included when it does. */
    public List<String> hosts(String store) {
        Collection<StreamsMetadata> all;
        try {
            all = streams.metadataForAllStreamsClients();
        } catch (RuntimeException e) {
            throw new InstanceUnavailableException("The orchestrator is starting: " + e.getMessage());
        }
        List<String> hosts = new ArrayList<>();
        for (StreamsMetadata metadata : all) {
            if (metadata.stateStoreNames().contains(store)) {
                hosts.add(url(metadata.hostInfo()));
            }
        }
        return hosts;
    }

    public String self() {
        return url(self);
    }

    private static String url(HostInfo host) {
        return "http://" + host.host() + ":" + host.port();
    }
}
