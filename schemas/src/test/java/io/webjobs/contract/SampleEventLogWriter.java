package io.webjobs.contract;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Wrote the committed sample event log {@code events-v1.bin} once, from {@code JobEvent-v1.avsc} with
 * GenericRecords only (no generated class involved, as an old producer would have). The file is a
 * sequence of {@code [int32 big-endian length][Avro single-object bytes]}. Kept to document how the
 * file was made; never run by the build (re-running it must not be needed: the file is the fixture).
 * <pre>mvn -q -B -o -pl schemas test-compile &amp;&amp; java -cp "schemas/target/test-classes:schemas/target/classes:$(avro, jackson, slf4j, kafka-clients jars)" \
 *   io.webjobs.contract.SampleEventLogWriter schemas/src/test/resources/io/webjobs/contract/events-v1.bin</pre>
 */
public final class SampleEventLogWriter {

    static final String V1 = "JobEvent-v1.avsc";

    private SampleEventLogWriter() {
    }

    public static void main(String[] args) throws IOException {
        Schema v1 = new Schema.Parser().parse(AvroSerde.readResource(AvroSerde.HISTORY + V1));
        BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(GenericData.get(), v1);
        try (OutputStream file = Files.newOutputStream(Path.of(args[0]));
                DataOutputStream out = new DataOutputStream(file)) {
            for (GenericRecord event : events(v1)) {
                ByteBuffer bytes = encoder.encode(event);
                out.writeInt(bytes.remaining());
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            }
        }
    }

    static List<GenericRecord> events(Schema v1) {
        List<Schema> branches = v1.getField("payload").schema().getTypes();
        List<GenericRecord> events = new ArrayList<>();
        GenericRecord deployed = payload(branches, "JobDeployed");
        deployed.put("name", "nightly");
        deployed.put("type", new GenericData.EnumSymbol(deployed.getSchema().getField("type").schema(), "triggered"));
        deployed.put("artifactDigest", "a1b2c3");
        deployed.put("artifactSize", 321L);
        deployed.put("entryPoint", "run.sh");
        deployed.put("settingsJson", "{}");
        events.add(event(v1, 1, "cmd-1", deployed));
        GenericRecord requested = payload(branches, "RunRequested");
        requested.put("runId", "20240101000000000");
        requested.put("arguments", "--full");
        requested.put("trigger", "External - curl/8.5");
        events.add(event(v1, 2, "cmd-2", requested));
        GenericRecord failed = payload(branches, "RunStatusChanged");
        failed.put("runId", "20240101000000000");
        failed.put("status", new GenericData.EnumSymbol(failed.getSchema().getField("status").schema(), "Failed"));
        failed.put("exitCode", 3);
        failed.put("reason", "exit code 3");
        failed.put("runnerId", "runner-1");
        events.add(event(v1, 3, "report-1", failed));
        GenericRecord rejected = payload(branches, "CommandRejected");
        rejected.put("commandId", "cmd-4");
        rejected.put("code", new GenericData.EnumSymbol(rejected.getSchema().getField("code").schema(), "CONFLICT"));
        rejected.put("reason", "Cannot start a new run since job is already running.");
        events.add(event(v1, 4, "cmd-4", rejected));
        GenericRecord settings = payload(branches, "SettingsUpdated");
        settings.put("settingsJson", "{\"is_singleton\":true}");
        events.add(event(v1, 5, "cmd-5", settings));
        events.add(event(v1, 6, "cmd-6", payload(branches, "JobStopped")));
        events.add(event(v1, 7, "cmd-7", payload(branches, "JobStarted")));
        events.add(event(v1, 8, "cmd-8", payload(branches, "JobDeleted")));
        return events;
    }

    private static GenericRecord payload(List<Schema> branches, String name) {
        return new GenericData.Record(branches.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow());
    }

    private static GenericRecord event(Schema v1, int n, String causedBy, GenericRecord payload) {
        GenericRecord event = new GenericData.Record(v1);
        event.put("eventId", "e" + n);
        event.put("jobName", "nightly");
        event.put("at", 1_704_067_200_000L + n * 1_000L);
        event.put("causedBy", causedBy);
        event.put("payload", payload);
        return event;
    }
}
