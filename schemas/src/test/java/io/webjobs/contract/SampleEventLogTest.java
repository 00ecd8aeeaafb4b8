package io.webjobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobDeleted;
import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStarted;
import io.webjobs.avro.JobStopped;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.SettingsUpdated;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed event log written with the first JobEvent schema (see {@link SampleEventLogWriter}) still reads. */
class SampleEventLogTest {

    @Test
    void shouldDecodeTheCommittedEventLogWrittenWithTheFirstSchemaVersion() throws IOException {
        List<JobEvent> events = read("/io/webjobs/contract/events-v1.bin");

        assertThat(events).extracting(e -> (Object) e.getPayload().getClass()).containsExactly(JobDeployed.class,
                RunRequested.class, RunStatusChanged.class, CommandRejected.class, SettingsUpdated.class,
                JobStopped.class, JobStarted.class, JobDeleted.class);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getJobName()).isEqualTo("nightly");
            assertThat(e.getActor()).as("defaulted: v1 had no actor").isEmpty();
        });
        assertThat(events.get(0).getAt()).isEqualTo(Instant.parse("2024-01-01T00:00:01Z"));
        RunStatusChanged failed = (RunStatusChanged) events.get(2).getPayload();
        assertThat(failed.getStatus()).isEqualTo(RunStatus.Failed);
        assertThat(failed.getExitCode()).isEqualTo(3);
        assertThat(failed.getReason()).isEqualTo("exit code 3");
        assertThat(((RunRequested) events.get(1).getPayload()).getArguments()).isEqualTo("--full");
        assertThat(((SettingsUpdated) events.get(4).getPayload()).getSettingsJson())
                .isEqualTo("{\"is_singleton\":true}");
    }

    static List<JobEvent> read(String resource) throws IOException {
        AvroSerde<JobEvent> serde = AvroSerde.of(JobEvent.class);
        List<JobEvent> events = new ArrayList<>();
        try (InputStream file = SampleEventLogTest.class.getResourceAsStream(resource);
                DataInputStream in = new DataInputStream(file)) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return events;
                }
                events.add(serde.deserialize(Topics.EVENTS.name(), in.readNBytes(length)));
            }
        }
    }
}
