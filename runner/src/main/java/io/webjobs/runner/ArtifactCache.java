package io.webjobs.runner;

import io.webjobs.avro.ArtifactChunk;
import io.webjobs.contract.ArtifactPublisher;
import io.webjobs.contract.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This runner's copy of {@code webjobs.artifacts}: a background consumer (no group, every runner
 * reads the whole topic) assembles chunks by digest and keeps each complete, verified zip as
 * {@code {dir}/{digest}.zip}. The API writes an artifact before the deploy that names it, so a
 * run's zip is here or on its way.
 */
public final class ArtifactCache implements ArtifactSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactCache.class);
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Assembly> partial = new HashMap<>();
    private final Object arrivals = new Object();
    private final Thread thread;
    private volatile boolean running = true;

    private ArtifactCache(Map<String, Object> kafka, Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.consumer = new KafkaConsumer<>(consumerProps(kafka), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::tail, "artifact-cache");
        thread.setDaemon(true);
    }

    static Properties consumerProps(Map<String, Object> kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return props;
    }

    /** Starts tailing the artifacts topic into {@code dir}. */
    public static ArtifactCache start(Map<String, Object> kafka, Path dir) {
        try {
            ArtifactCache cache = new ArtifactCache(kafka, dir);
            cache.thread.start();
            return cache;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create artifact folder " + dir, e);
        }
    }

    @Override
    public Path await(String digest, Duration timeout) {
        if (!DIGEST.matcher(digest).matches()) {
            throw new ArtifactUnavailableException("Artifact digest '" + digest + "' is not a SHA-256.");
        }
        Path file = fileOf(digest);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (!Files.exists(file)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    throw new ArtifactUnavailableException("Artifact " + digest + " did not arrive within "
                            + timeout.toSeconds() + " seconds.");
                }
                try {
                    arrivals.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ArtifactUnavailableException("Interrupted while waiting for artifact " + digest + ".");
                }
            }
        }
        return file;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    private void tail() {
        try {
            assignAll();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    accept(record);
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("artifact cache stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits for the topic to exist (the orchestrator creates it), then reads it from the start. */
    private void assignAll() {
        String topic = Topics.ARTIFACTS.name();
        while (running) {
            List<PartitionInfo> partitions = List.of();
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                // retry
            }
            if (partitions != null && !partitions.isEmpty()) {
                List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(all);
                consumer.seekToBeginning(all);
                return;
            }
            consumer.poll(Duration.ofMillis(500));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        ArtifactChunk chunk;
        try {
            chunk = Topics.ARTIFACTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("skipping undecodable artifact chunk at {}-{}@{}", record.topic(), record.partition(),
                    record.offset(), e);
            return;
        }
        if (chunk == null || !DIGEST.matcher(chunk.getDigest()).matches() || Files.exists(fileOf(chunk.getDigest()))) {
            return;
        }
        Assembly assembly = partial.computeIfAbsent(chunk.getDigest(), d -> new Assembly(chunk.getCount()));
        if (chunk.getIndex() < 0 || chunk.getIndex() >= assembly.chunks.length) {
            return;
        }
        assembly.chunks[chunk.getIndex()] = toBytes(chunk.getData());
        if (assembly.complete()) {
            partial.remove(chunk.getDigest());
            store(chunk.getDigest(), assembly.join(), chunk.getTotalSize());
        }
    }

    private void store(String digest, byte[] zip, long totalSize) {
        if (zip.length != totalSize || !ArtifactPublisher.digestOf(zip).equals(digest)) {
            // A partly overwritten or corrupt set; a later republish of the same zip assembles again.
            LOG.warn("artifact {} does not match its digest or size; dropped", digest);
            return;
        }
        try {
            Path tmp = Files.createTempFile(dir, digest, ".part");
            Files.write(tmp, zip);
            Files.move(tmp, fileOf(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.error("cannot store artifact {}", digest, e);
            return;
        }
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    private Path fileOf(String digest) {
        return dir.resolve(digest + ".zip");
    }

    private static byte[] toBytes(ByteBuffer data) {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static final class Assembly {
        final byte[][] chunks;

        Assembly(int count) {
            this.chunks = new byte[Math.max(1, count)][];
        }

        boolean complete() {
            for (byte[] chunk : chunks) {
                if (chunk == null) {
                    return false;
                }
            }
            return true;
        }

        byte[] join() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] chunk : chunks) {
                out.writeBytes(chunk);
            }
            return out.toByteArray();
        }
    }
}
