package io.webjobs.orchestrator.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka client settings {@code up} hands its runner JVMs beyond the bootstrap servers (SASL, TLS … of
 * {@code --kafka-config}), as a properties file in the data directory readable by its owner only, like the API
 * password next to it.
 */
final class RunnerKafkaSettings {

    static final String NAME = "runner-kafka.properties";

    private RunnerKafkaSettings() {
    }

    /** The file, or null when there is nothing beyond the bootstrap servers (the embedded broker). */
    static Path write(Map<String, Object> kafka, Path dataDir) {
        Properties settings = new Properties();
        kafka.forEach((name, value) -> {
            if (!name.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                settings.setProperty(name, String.valueOf(value));
            }
        });
        Path file = dataDir.resolve(NAME);
        try {
            if (settings.isEmpty()) {
                Files.deleteIfExists(file);
                return null;
            }
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
                settings.store(out, "written by webjobs up for its runners from --kafka-config");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
