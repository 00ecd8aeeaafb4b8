package io.webjobs.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one serde of every webjobs topic: Avro single-object encoding (a 2-byte marker, the 8-byte
 * schema fingerprint, then the binary body). The decoder knows every released version of the
 * schema (listed in {@code history/index.txt}), so a record written by an older producer still
 * reads, resolved to the current classes. No registry service is needed: the schemas travel in
 * this jar.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static final String HISTORY = "/io/webjobs/contract/history/";

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current);
        for (Schema old : releasedVersionsOf(current.getFullName())) {
            decoder.addSchema(old);
        }
    }

    /** The serde of one Avro type; {@link Topics} holds the one of each topic. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type);
    }

    /** The Avro class this serde writes and reads. */
    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            return encoder.encode(value).array();
        } catch (IOException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            // Bad bytes or an unknown fingerprint: a clear SerializationException lets consumers and
            // Streams' deserialization handler skip the record instead of dying on it.
            throw new SerializationException("cannot decode " + type.getSimpleName() + " from " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // configured by construction
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    static List<Schema> releasedVersionsOf(String fullName) {
        List<Schema> schemas = new ArrayList<>();
        for (String file : historyIndex()) {
            Schema schema = new Schema.Parser().parse(readResource(HISTORY + file));
            if (schema.getFullName().equals(fullName)) {
                schemas.add(schema);
            }
        }
        return schemas;
    }

    static List<String> historyIndex() {
        String index = readResource(HISTORY + "index.txt");
        return index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static String readResource(String path) {
        try (InputStream in = Objects.requireNonNull(AvroSerde.class.getResourceAsStream(path), path);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder text = new StringBuilder();
            reader.lines().forEach(line -> text.append(line).append('\n'));
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
