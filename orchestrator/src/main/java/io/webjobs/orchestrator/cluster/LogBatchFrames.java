package io.webjobs.orchestrator.cluster;

import io.webjobs.avro.LogBatch;
import io.webjobs.contract.AvroSerde;
import io.webjobs.contract.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Log batches between instances, as the log topic carries them (the one Avro serde, fingerprint included, so a
 * newer instance still reads an older one's answer): a count, then each batch's length and bytes.
 */
public final class LogBatchFrames {

    public static final String CONTENT_TYPE = "application/vnd.webjobs.log-batches";
    private static final AvroSerde<LogBatch> SERDE = AvroSerde.of(LogBatch.class);

    private LogBatchFrames() {
    }

    public static byte[] encode(List<LogBatch> batches) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(batches.size());
            for (LogBatch batch : batches) {
                byte[] one = SERDE.serialize(Topics.LOGS.name(), batch);
                out.writeInt(one.length);
                out.write(one);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not frames of log batches */
    public static List<LogBatch> decode(byte[] frames) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frames))) {
            int count = in.readInt();
            if (count < 0 || count > frames.length / 4) {
                throw new IllegalArgumentException("not log batch frames (count " + count + ")");
            }
            List<LogBatch> batches = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("not log batch frames (length " + length + ")");
                }
                batches.add(SERDE.deserialize(Topics.LOGS.name(), in.readNBytes(length)));
            }
            return batches;
        } catch (IOException e) {
            throw new IllegalArgumentException("not log batch frames: " + e.getMessage(), e);
        }
    }
}
