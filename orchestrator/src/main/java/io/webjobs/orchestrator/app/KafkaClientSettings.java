package io.webjobs.orchestrator.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The settings every Kafka client of a webjobs process shares: the bootstrap servers plus whatever a
 * properties file adds (SASL, TLS, {@code client.dns.lookup} …). They reach every producer, consumer,
 * admin client and the Streams app unchanged; each client only adds settings of its own (acks,
 * group ids, isolation), never security ones.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    /**
     * @param bootstrapServers wins over {@code bootstrap.servers} in the file; may be null
     * @param configFile       a Java properties file of Kafka client settings; may be null
     */
    public static Map<String, Object> of(String bootstrapServers, Path configFile) {
        Map<String, Object> settings = new HashMap<>();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.ISO_8859_1)) {
                file.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the Kafka client settings in " + configFile + ": "
                        + e.getMessage(), e);
            }
            file.stringPropertyNames().forEach(name -> settings.put(name, file.getProperty(name)));
        }
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        return Map.copyOf(settings);
    }

    /** True when the settings name a cluster; without one, {@code webjobs up} starts the embedded broker. */
    public static boolean namesACluster(Map<String, Object> settings) {
        return settings.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }
}
