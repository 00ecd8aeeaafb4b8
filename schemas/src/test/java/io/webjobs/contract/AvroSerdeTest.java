package io.webjobs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunRequested;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final AvroSerde<JobEvent> serde = AvroSerde.of(JobEvent.class);

    @Test
    void shouldRoundTripAnEvent() {
        JobEvent event = new JobEvent("e1", "nightly", Instant.ofEpochMilli(1_000), "c1", "alice",
                new RunRequested("20261125071428000", "--full", "External - curl", null, null), "corr-1");

        JobEvent back = serde.deserialize("webjobs.events", serde.serialize("webjobs.events", event));

        assertThat(back).isEqualTo(event);
    }

    @Test
    void shouldDecodeAnEventWrittenWithTheFirstSchemaVersion() throws Exception {
        List<Schema> released = AvroSerde.releasedVersionsOf(JobEvent.getClassSchema().getFullName());
        assertThat(released).as("v1, v2 = the triggered-job draft, v3 = the first release to main, v4 = RunRequested.historySize")
                .hasSize(4);
        Schema v1 = released.get(0);
        assertThat(v1.getField("actor")).as("v1 predates the actor field").isNull();

        Schema deployedV1 = v1.getField("payload").schema().getTypes().get(0);
        GenericRecord payload = new GenericData.Record(deployedV1);
        payload.put("name", "nightly");
        payload.put("type", new GenericData.EnumSymbol(deployedV1.getField("type").schema(), "triggered"));
        payload.put("artifactDigest", "abc");
        payload.put("artifactSize", 42L);
        payload.put("entryPoint", "run.sh");
        payload.put("settingsJson", "{}");
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "e1");
        old.put("jobName", "nightly");
        old.put("at", 1_000L);
        old.put("causedBy", "c1");
        old.put("payload", payload);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);

        JobEvent decoded = serde.deserialize("webjobs.events", bytes.array());

        assertThat(decoded.getActor()).isEmpty();
        assertThat(decoded.getAt()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(decoded.getPayload()).isEqualTo(new JobDeployed("nightly", JobType.triggered, "abc", 42L,
                "run.sh", "{}"));
    }

    @Test
    void shouldDecodeAnEventWrittenWithTheSecondSchemaVersion() throws Exception {
        Schema v2 = AvroSerde.releasedVersionsOf(JobEvent.getClassSchema().getFullName()).get(1);
        assertThat(v2.getField("payload").schema().getTypes()).as("v2 predates CommandDuplicate").hasSize(8);
        Schema requestedV2 = v2.getField("payload").schema().getTypes().get(2);
        GenericRecord payload = new GenericData.Record(requestedV2);
        payload.put("runId", "20261125071428000");
        payload.put("arguments", "--full");
        payload.put("trigger", "External - curl");
        GenericRecord old = new GenericData.Record(v2);
        old.put("eventId", "e2");
        old.put("jobName", "nightly");
        old.put("at", 2_000L);
        old.put("causedBy", "c2");
        old.put("actor", "alice");
        old.put("payload", payload);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(old);

        JobEvent decoded = serde.deserialize("webjobs.events", bytes.array());

        assertThat(decoded).as("dueAt, added later, reads as null").isEqualTo(new JobEvent("e2", "nightly", Instant.ofEpochMilli(2_000), "c2", "alice",
                new RunRequested("20261125071428000", "--full", "External - curl", null, null), null));
    }

    @Test
    void shouldRefuseBytesThatAreNotAnAvroSingleObject() {
        assertThatThrownBy(() -> serde.deserialize("webjobs.events", new byte[] {1, 2, 3, 4}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode JobEvent from webjobs.events");
    }
}
