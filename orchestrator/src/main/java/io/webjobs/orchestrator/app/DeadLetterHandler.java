package io.webjobs.orchestrator.app;

import io.webjobs.contract.DeadLetters;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology's answer to a record it cannot read (bad bytes, unknown schema fingerprint): log it with
 * its position, count it, copy it raw to {@code webjobs.dead-letter}, and go on. Kafka Streams 4.1's
 * handler cannot hand dead-letter records back to Streams (that arrives with KIP-1034 in 4.2), so it
 * sends them with its own plain producer, outside the exactly-once transaction: a crash right after
 * may dead-letter the same record twice, never lose the topology's progress.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
    private static final AtomicLong SKIPPED = new AtomicLong();
    /**
     * One producer per orchestrator (cluster, application id, state dir), shared by its stream threads; a handler
     * has no close hook, so the orchestrator closes it ({@link #closeProducerOf}) when it stops.
     */
    private static final Map<String, KafkaProducer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();

    private Map<String, Object> producerProps;
    private String owner;

    /** Records skipped by every topology of this process since it started. */
    public static long skipped() {
        return SKIPPED.get();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> props = new HashMap<>();
        configs.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key) && !key.equals(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
                    && !key.equals(ProducerConfig.CLIENT_ID_CONFIG)) {
                props.put(key, value);
            }
        });
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps = props;
        owner = owner(configs);
    }

    /**
     * Made at the first poison record, not at start: an idle producer of an orchestrator already closed
     * would keep reconnecting to its cluster for as long as the process lives.
     */
    private KafkaProducer<byte[], byte[]> producer() {
        return PRODUCERS.computeIfAbsent(owner,
                key -> new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** Closes the producer of a stopped orchestrator, which would otherwise retry a gone broker for ever. */
    static void closeProducerOf(Map<?, ?> streamsConfig) {
        KafkaProducer<byte[], byte[]> producer = PRODUCERS.remove(owner(streamsConfig));
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    private static String owner(Map<?, ?> configs) {
        return configs.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + "|"
                + configs.get(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG) + "|"
                + configs.get(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG);
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        long count = SKIPPED.incrementAndGet();
        log.warn("skipping poison record #{} at {}-{}@{} (processor {}): {}", count, record.topic(),
                record.partition(), record.offset(), context.processorNodeId(), exception.getMessage());
        try {
            producer().send(DeadLetters.of(record.key(), record.value(), record.topic(), record.partition(),
                    record.offset(), exception.getMessage(), "orchestrator")).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("interrupted while dead-lettering the record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
        } catch (Exception e) {
            log.error("cannot dead-letter the record at {}-{}@{}; it stays skipped", record.topic(),
                    record.partition(), record.offset(), e);
        }
        return DeserializationHandlerResponse.CONTINUE;
    }
}
