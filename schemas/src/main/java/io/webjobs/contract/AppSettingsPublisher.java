package io.webjobs.contract;

import io.webjobs.avro.AppSetting;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/** Writes app-wide settings to {@code webjobs.app-settings}; a null value removes the setting. */
public final class AppSettingsPublisher implements AutoCloseable {

    private final KafkaProducer<String, AppSetting> producer;
    private final Clock clock;

    public AppSettingsPublisher(Map<String, Object> kafkaClientConfig, Clock clock) {
        Properties props = new Properties();
        props.putAll(kafkaClientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, Topics.APP_SETTINGS.keySerde().serializer(),
                Topics.APP_SETTINGS.valueSerde().serializer());
        this.clock = clock;
    }

    /** Blocks until the broker has every setting. */
    public void publish(Map<String, String> settings) {
        try {
            for (Map.Entry<String, String> e : settings.entrySet()) {
                producer.send(new ProducerRecord<>(Topics.APP_SETTINGS.name(), e.getKey(),
                        new AppSetting(e.getKey(), e.getValue(), clock.instant()))).get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing app settings", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot write app settings: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
