package io.webjobs.orchestrator.topology;

import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.RunStatus;
import io.webjobs.contract.AvroSerde;
import io.webjobs.orchestrator.domain.Job;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decoded jobs kept in front of the job-state store always answer what the store holds. */
class TaskJobsTest {

    private KeyValueStore<String, JobSnapshot> store;
    private TaskJobs jobs;

    @BeforeEach
    void openTheStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JobTopology.JOB_STORE), Serdes.String(),
                AvroSerde.of(JobSnapshot.class)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<String, JobSnapshot>().getStateStoreContext(), store);
        jobs = new TaskJobs(store);
    }

    @Test
    void shouldWriteEveryJobThroughToTheStore() {
        Job job = aTriggeredJobWith(aRun("20260101000000000", RunStatus.Success));

        jobs.put("nightly", job);

        assertThat(JobSnapshots.toJob(store.get("nightly"))).isEqualTo(job);
        assertThat(jobs.get("nightly")).isEqualTo(job);
    }

    @Test
    void shouldReadAJobItDidNotWriteFromTheStoreAndForgetADeletedOne() {
        Job stored = aTriggeredJobWith(aRun("20260101000000000", RunStatus.Failed));
        store.put("restored", JobSnapshots.toSnapshot(stored));

        assertThat(jobs.get("restored")).isEqualTo(stored);
        jobs.delete("restored");

        assertThat(jobs.get("restored")).isNull();
        assertThat(store.get("restored")).isNull();
        assertThat(jobs.get("never")).isNull();
    }

    @Test
    void shouldStillAnswerAJobItNoLongerKeepsDecoded() {
        Job first = aTriggeredJobWith(aRun("20260101000000000", RunStatus.Running));
        jobs.put("job-0", first);
        for (int i = 1; i <= TaskJobs.KEPT; i++) {
            jobs.put("job-" + i, aTriggeredJobWith());
        }

        assertThat(jobs.get("job-0")).isEqualTo(first);
    }
}
