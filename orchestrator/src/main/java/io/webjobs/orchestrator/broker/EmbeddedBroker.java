package io.webjobs.orchestrator.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka 4.1 KRaft broker (combined broker + controller) running inside this JVM.
 *
 * <p>Everything lives under {@code dataDir}: {@code logs/} holds the Kafka log dirs (also the KRaft metadata log),
 * {@code embedded-broker.properties} holds the cluster id and controller port, so that a restart on the same
 * directory finds its topics, offsets and transactions again.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String STATE_FILE = "embedded-broker.properties";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the broker and returns once it answers an Admin describeCluster.
     *
     * @param dataDir where all broker state lives; created if missing, reused (not reformatted) if already formatted
     * @param port    client (PLAINTEXT) port, or 0 to pick a free one
     */
    public static EmbeddedBroker start(Path dataDir, int port) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("logs");
            Properties state = loadOrCreateState(dataDir);
            String clusterId = state.getProperty("cluster.id");
            // With a static voter set (controller.quorum.voters) the controller endpoint comes from config only,
            // so it could change between runs; we still keep it stable to make the on-disk setup reproducible,
            // and only move if some other process grabbed it meanwhile.
            int controllerPort = Integer.parseInt(state.getProperty("controller.port"));
            if (!isFree(controllerPort)) {
                controllerPort = freePort();
                state.setProperty("controller.port", Integer.toString(controllerPort));
                storeState(dataDir, state);
            }
            int clientPort = port == 0 ? freePort() : port;

            KafkaConfig config = new KafkaConfig(brokerProps(logDir, clientPort, controllerPort), false);

            // meta.properties in the log dir is Kafka's own "formatted" marker.
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config, clusterId, logDir);
            }

            // KafkaRaftServer = what kafka.Kafka#main starts for process.roles=broker,controller. Its startup()
            // blocks until the controller is up and the broker has caught up with metadata and been unfenced.
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            String bootstrap = HOST + ":" + clientPort;
            try {
                server.startup();
                awaitReady(bootstrap, 1);
            } catch (RuntimeException e) {
                shutdownQuietly(server);
                throw e;
            }
            LOG.info("Embedded Kafka broker ready at {} (cluster {}, data {}) in {} ms",
                    bootstrap, clusterId, dataDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return new EmbeddedBroker(server, bootstrap);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka data dir " + dataDir, e);
        }
    }

    /** {@code "127.0.0.1:PORT"} of the PLAINTEXT client listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Controlled shutdown; returns once every broker/controller thread has stopped and files are closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static Map<String, Object> brokerProps(Path logDir, int clientPort, int controllerPort) {
        return nodeProps(NODE_ID, NODE_ID + "@" + HOST + ":" + controllerPort, logDir, clientPort, controllerPort, 1);
    }

    /**
     * One combined broker + controller of a cluster of {@code nodes} voters: internal topics replicated on up to 3
     * nodes with a min ISR of 2 when there are several (what docker-compose.yml runs), 1 and 1 on a single node.
     */
    static Map<String, Object> nodeProps(int nodeId, String voters, Path logDir, int clientPort, int controllerPort,
            int nodes) {
        String replicas = Integer.toString(Math.min(3, nodes));
        String minIsr = nodes > 1 ? "2" : "1";
        return Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(nodeId)),
                Map.entry("controller.quorum.voters", voters),
                Map.entry("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                // An internal topic replicated beyond the live nodes would never let transactions or groups work.
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", minIsr),
                Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                Map.entry("share.coordinator.state.topic.min.isr", minIsr),
                Map.entry("default.replication.factor", replicas),
                Map.entry("min.insync.replicas", minIsr),
                // 2-core friendly: the defaults (50 partitions each) make the first group join / first
                // transaction create 100 partitions and cost seconds; one node gains nothing from them.
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.partitions", "1"),
                // Sized for sharing 2 cores with everything else (defaults 3 and 8): one network thread serves
                // every connection that has something at one wake-up instead of three waking for theirs. bench
                // runs: the broker's CPU per run 1.30 -> 0.91 ms; bench orchestration no slower (8,717 against
                // 7,779 runs/s back to back).
                Map.entry("num.network.threads", "1"),
                Map.entry("num.io.threads", "2"),
                Map.entry("auto.create.topics.enable", "false"));
    }

    /** In-process equivalent of {@code kafka-storage.sh format -t <id> -c server.properties} (static quorum). */
    static void format(KafkaConfig config, String clusterId, Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setHasDynamicQuorum(false) // controller.quorum.voters is set => static quorum, no initial-controllers
                    .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                    .run(); // release version defaults to latest production, features to production defaults
        } catch (Exception e) {
            throw new IllegalStateException("Formatting Kafka storage in " + logDir + " failed", e);
        }
    }

    /** Returns once the cluster at {@code bootstrap} reports {@code brokers} live brokers. */
    static void awaitReady(String bootstrap, int expected) {
        Map<String, Object> adminProps = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(adminProps)) {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) READY_TIMEOUT.toMillis()))
                    .nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            if (brokers < expected) {
                throw new IllegalStateException("Kafka at " + bootstrap + " reports " + brokers + " of " + expected
                        + " brokers live");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka at " + bootstrap, e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not accept clients within "
                    + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static Properties loadOrCreateState(Path dataDir) throws IOException {
        Path file = dataDir.resolve(STATE_FILE);
        Properties state = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                state.load(in);
            }
        }
        boolean changed = false;
        if (state.getProperty("cluster.id") == null) {
            if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                // Formatted by someone else: the cluster id there is the one that counts; we can't guess it.
                throw new IllegalStateException(dataDir + " is formatted but has no " + STATE_FILE);
            }
            state.setProperty("cluster.id", Uuid.randomUuid().toString());
            changed = true;
        }
        if (state.getProperty("controller.port") == null) {
            state.setProperty("controller.port", Integer.toString(freePort()));
            changed = true;
        }
        if (changed) {
            storeState(dataDir, state);
        }
        return state;
    }

    private static void storeState(Path dataDir, Properties state) throws IOException {
        Path tmp = dataDir.resolve(STATE_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            state.store(out, "EmbeddedBroker state - do not edit");
        }
        Files.move(tmp, dataDir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error shutting down Kafka after failed start", e);
        }
    }
}
