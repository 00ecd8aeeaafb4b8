package io.webjobs.orchestrator.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Several real KRaft nodes (each a combined broker + controller, all voters) in this JVM, replicating
 * internal topics on 3 with a min ISR of 2: the Kafka of docker-compose.yml without Docker, for tests that
 * stop a node while the system runs. A stopped node starts again on its own directory and ports.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private final List<KafkaConfig> configs;
    private final KafkaRaftServer[] servers;
    private final String bootstrapServers;

    private EmbeddedCluster(List<KafkaConfig> configs, String bootstrapServers) {
        this.configs = configs;
        this.servers = new KafkaRaftServer[configs.size()];
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats {@code nodes} nodes under {@code dataDir} ({@code node-1}, …) and starts them all. */
    public static EmbeddedCluster start(Path dataDir, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        int[] clientPorts = IntStream.range(0, nodes).map(i -> EmbeddedBroker.freePort()).toArray();
        int[] controllerPorts = IntStream.range(0, nodes).map(i -> EmbeddedBroker.freePort()).toArray();
        String voters = IntStream.range(0, nodes)
                .mapToObj(i -> (i + 1) + "@" + EmbeddedBroker.HOST + ":" + controllerPorts[i])
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaConfig> configs = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Path logDir = dataDir.resolve("node-" + (i + 1)).resolve("logs");
            try {
                Files.createDirectories(logDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare Kafka data dir " + logDir, e);
            }
            KafkaConfig config = new KafkaConfig(EmbeddedBroker.nodeProps(i + 1, voters, logDir, clientPorts[i],
                    controllerPorts[i], nodes), false);
            EmbeddedBroker.format(config, clusterId, logDir);
            configs.add(config);
        }
        String bootstrap = IntStream.range(0, nodes).mapToObj(i -> EmbeddedBroker.HOST + ":" + clientPorts[i])
                .collect(Collectors.joining(","));
        EmbeddedCluster cluster = new EmbeddedCluster(configs, bootstrap);
        try {
            // together: a node's startup blocks until a quorum of controllers has elected a leader
            CompletableFuture.allOf(IntStream.range(0, nodes)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> cluster.startNode(i)))
                    .toArray(CompletableFuture[]::new)).join();
            EmbeddedBroker.awaitReady(bootstrap, nodes);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every node's client listener, comma-separated: clients keep working while any one node is down. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Controlled shutdown of node {@code index} (0-based); the others keep the quorum and the partitions. */
    public void stopNode(int index) {
        KafkaRaftServer server;
        synchronized (this) {
            server = servers[index];
            servers[index] = null;
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    /** Starts node {@code index} again on its own directory and ports; it catches up from the others. */
    public void startNode(int index) {
        KafkaRaftServer server = new KafkaRaftServer(configs.get(index), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            EmbeddedBroker.shutdownQuietly(server);
            throw e;
        }
        synchronized (this) {
            servers[index] = server;
        }
    }

    /** All nodes at once: one after another, the last ones would wait for a quorum that has already gone. */
    @Override
    public void close() {
        CompletableFuture.allOf(IntStream.range(0, servers.length)
                .mapToObj(i -> CompletableFuture.runAsync(() -> stopNode(i)))
                .toArray(CompletableFuture[]::new)).join();
    }
}
