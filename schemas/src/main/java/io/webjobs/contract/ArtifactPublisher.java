package io.webjobs.contract;

import io.webjobs.avro.ArtifactChunk;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writes a job's zip to {@code webjobs.artifacts} in chunks keyed by digest, before the deploy
 * command that names it, so a runner can always find what a run request points at:
 * {@code commands.sendAndAwait(JobCommands.deploy("nightly-report", artifacts.publish(zip)), timeout)}.
 * Publishing the same bytes again rewrites the same keys (the topic is compacted).
 */
public final class ArtifactPublisher implements AutoCloseable {

    /** Below the broker's default 1 MiB message limit with room for the envelope. */
    public static final int CHUNK_SIZE = 512 * 1024;

    private final KafkaProducer<String, ArtifactChunk> producer;

    /** @param kafkaClientConfig Kafka client properties (bootstrap servers, security), passed through unchanged */
    public ArtifactPublisher(Map<String, Object> kafkaClientConfig) {
        Properties props = new Properties();
        props.putAll(kafkaClientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, Topics.ARTIFACTS.keySerde().serializer(),
                Topics.ARTIFACTS.valueSerde().serializer());
    }

    /** The hex SHA-256 of the bytes: the artifact's name on the topic. */
    public static String digestOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores the zip (or a single script) and returns its reference once every chunk is acknowledged. */
    public ArtifactRef publish(byte[] zip) {
        String digest = digestOf(zip);
        int count = Math.max(1, (zip.length + CHUNK_SIZE - 1) / CHUNK_SIZE);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int from = i * CHUNK_SIZE;
            int to = Math.min(zip.length, from + CHUNK_SIZE);
            ArtifactChunk chunk = new ArtifactChunk(digest, i, count, (long) zip.length,
                    ByteBuffer.wrap(zip, from, to - from).slice());
            sent.add(producer.send(new ProducerRecord<>(Topics.ARTIFACTS.name(), Topics.artifactKey(digest, i), chunk)));
        }
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while storing artifact " + digest, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot store artifact " + digest + ": " + e.getMessage(), e);
        }
        return new ArtifactRef(digest, zip.length);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
