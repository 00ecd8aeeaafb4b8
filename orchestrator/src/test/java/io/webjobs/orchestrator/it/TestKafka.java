package io.webjobs.orchestrator.it;

import io.webjobs.orchestrator.broker.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one place integration tests get Kafka from: a Testcontainers {@code apache/kafka} broker when a
 * Docker engine answers, the embedded KRaft broker otherwise ({@code WEBJOBS_TEST_KAFKA=embedded|docker}
 * forces one). One broker per test JVM, shared by every test class, stopped when the JVM exits.
 */
public final class TestKafka {

    private static String bootstrapServers;
    /** Closed before the broker stops, in reverse order: clients close fast against a live broker. */
    private static final java.util.Deque<Runnable> BEFORE_STOP = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = useDocker() ? startContainer() : startEmbedded();
        }
        return bootstrapServers;
    }

    /** Runs {@code close} at JVM exit while the broker still answers (hooks of their own would race it). */
    public static void closeBeforeBrokerStops(Runnable close) {
        BEFORE_STOP.push(close);
    }

    private static void stopAll(Runnable broker) {
        for (Runnable close : BEFORE_STOP) {
            try {
                close.run();
            } catch (RuntimeException e) {
                System.err.println("closing before the broker stops failed: " + e);
            }
        }
        broker.run();
    }

    private static boolean useDocker() {
        String forced = System.getenv("WEBJOBS_TEST_KAFKA");
        if (forced != null) {
            return forced.equalsIgnoreCase("docker");
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String startContainer() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(kafka::stop)));
        return kafka.getBootstrapServers();
    }

    private static String startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("webjobs-test-kafka");
            EmbeddedBroker broker = EmbeddedBroker.start(dir, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(broker::close)));
            return broker.bootstrapServers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
