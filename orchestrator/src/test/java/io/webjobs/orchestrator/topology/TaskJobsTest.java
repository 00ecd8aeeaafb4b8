package io.webjobs.orchestrator.topology;

import static io.webjobs.orchestrator.domain.Fixtures.NOW_IN_MILLIS;
import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aRunRequestedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStatusChangedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.avro.RunStatus;
import io.webjobs.contract.AvroSerde;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jobs kept in front of the job-state and job-runs stores always answer what the stores hold, and the stores
 * hold each job once and each of its runs once, whatever was kept.
 */
class TaskJobsTest {

    private KeyValueStore<String, JobSnapshot> store;
    private KeyValueStore<String, RunSnapshot> runs;
    private TaskJobs jobs;

    @BeforeEach
    void openTheStores() {
        MockProcessorContext<String, JobSnapshot> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JobTopology.JOB_STORE), Serdes.String(),
                AvroSerde.of(JobSnapshot.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        runs = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JobTopology.RUN_STORE), Serdes.String(),
                AvroSerde.of(RunSnapshot.class)).withLoggingDisabled().build();
        runs.init(context.getStateStoreContext(), runs);
        jobs = new TaskJobs(store, runs);
    }

    /** What a task started afresh on the same stores reads: nothing kept. */
    private Job readAfresh(String key) {
        return new TaskJobs(store, runs).get(key);
    }

    @Test
    void shouldWriteEveryJobThroughToTheStoresEachRunOnce() {
        Job job = aTriggeredJobWith(aRun("20260101000000020", RunStatus.Running),
                aRun("20260101000000010", RunStatus.Success));

        jobs.put("nightly", job);

        assertThat(readAfresh("nightly")).isEqualTo(job);
        assertThat(jobs.get("nightly")).isEqualTo(job);
        assertThat(store.get("nightly").getRuns()).isEmpty();
        assertThat(storedRunKeys()).containsExactly("nightly/20260101000000010", "nightly/20260101000000020");
    }

    @Test
    void shouldStoreExactlyTheRunsOfTheJobAsItChanges() {
        JobFold fold = new JobFold(new JobRules(2, 120));
        Job job = aTriggeredJobWith(aRun("20260101000000010", RunStatus.Success));
        jobs.put("nightly", job);

        // a run is requested within the history size, it ends, then a new request prunes the oldest finished one
        for (var event : List.of(aRunRequestedEvent("20260101000000020", NOW_IN_MILLIS),
                aStatusChangedEvent("20260101000000020", RunStatus.Failed, NOW_IN_MILLIS),
                aRunRequestedEvent("20260101000000030", NOW_IN_MILLIS))) {
            job = fold.apply(job, event);
            jobs.put("nightly", job);
            assertThat(readAfresh("nightly")).isEqualTo(job);
        }

        assertThat(job.runs()).extracting(Run::runId).containsExactly("20260101000000030", "20260101000000020");
        assertThat(storedRunKeys()).containsExactly("nightly/20260101000000020", "nightly/20260101000000030");
        assertThat(runs.get("nightly/20260101000000020").getStatus()).isEqualTo(RunStatus.Failed);
    }

    @Test
    void shouldReadASnapshotThatStillHoldsItsRunsAndMoveThemToTheRunStoreWhenWritten() {
        Job stored = aTriggeredJobWith(aRun("20260101000000020", RunStatus.Success),
                aRun("20260101000000010", RunStatus.Failed));
        store.put("restored", JobSnapshots.toSnapshot(stored));

        assertThat(jobs.get("restored")).isEqualTo(stored);
        jobs.put("restored", stored);

        assertThat(store.get("restored").getRuns()).isEmpty();
        assertThat(storedRunKeys()).containsExactly("restored/20260101000000010", "restored/20260101000000020");
        assertThat(readAfresh("restored")).isEqualTo(stored);
    }

    @Test
    void shouldForgetADeletedJobWithItsRunsOnly() {
        jobs.put("job", aTriggeredJobWith(aRun("20260101000000010", RunStatus.Success)));
        Job other = aTriggeredJobWith(aRun("20260101000000020", RunStatus.Success));
        jobs.put("job-2", other);

        jobs.delete("job");

        assertThat(jobs.get("job")).isNull();
        assertThat(readAfresh("job")).isNull();
        assertThat(storedRunKeys()).containsExactly("job-2/20260101000000020");
        assertThat(readAfresh("job-2")).isEqualTo(other);
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

    @Test
    void shouldGiveEveryStoredJobWithItsUnfinishedRuns() {
        jobs.put("busy", aTriggeredJobWith(aRun("20260101000000020", RunStatus.Running),
                aRun("20260101000000010", RunStatus.Success)));
        jobs.put("idle", aTriggeredJobWith(aRun("20260101000000030", RunStatus.Success)));
        Map<String, List<String>> found = new TreeMap<>();

        new TaskJobs(store, runs).forEachWithUnfinishedRuns((key, job) ->
                found.put(key, job.runs().stream().map(Run::runId).toList()));

        assertThat(found).containsExactly(Map.entry("busy", List.of("20260101000000020")),
                Map.entry("idle", List.of()));
    }

    private List<String> storedRunKeys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, RunSnapshot> it = runs.all()) {
            while (it.hasNext()) {
                KeyValue<String, RunSnapshot> next = it.next();
                keys.add(next.key);
            }
        }
        return keys;
    }
}
