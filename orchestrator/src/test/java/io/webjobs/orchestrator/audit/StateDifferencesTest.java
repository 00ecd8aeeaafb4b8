package io.webjobs.orchestrator.audit;

import static io.webjobs.orchestrator.domain.Fixtures.DEPLOYED_AT;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.aDeletedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aDeployedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStoppedEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobEvent;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDifferencesTest {

    private final JobFold fold = new JobFold(new JobRules(50, 120));

    @Test
    void shouldRebuildEveryJobWithTheFoldAndDropDeletedOnes() {
        ReplayedJobs jobs = new ReplayedJobs(fold);
        jobs.accept(aDeployedEvent(JOB, DEPLOYED_AT));
        jobs.accept(aStoppedEvent());
        jobs.accept(deployed("other"));

        assertThat(jobs.job(JOB.toUpperCase())).hasValueSatisfying(j -> assertThat(j.stopped()).isTrue());
        assertThat(jobs.all()).containsOnlyKeys(JOB, "other");

        jobs.accept(aDeletedEvent());
        assertThat(jobs.all()).containsOnlyKeys("other");
    }

    private static JobEvent deployed(String name) {
        JobEvent event = aDeployedEvent(name, DEPLOYED_AT);
        event.setJobName(name);
        return event;
    }

    @Test
    void shouldFindNoDifferenceWhenTheStoreEqualsTheLog() {
        Job job = fold.apply(null, aDeployedEvent(JOB, DEPLOYED_AT));

        assertThat(StateDifferences.between(Map.of(JOB, job), Map.of(JOB, job))).isEmpty();
    }

    @Test
    void shouldNameEachFieldThatDiffersAndJobsMissingOnEitherSide() {
        Job fromLog = fold.apply(null, aDeployedEvent(JOB, DEPLOYED_AT));
        Job stored = fold.apply(fromLog, aStoppedEvent());
        Job orphan = fold.apply(null, deployed("orphan"));
        Job lost = fold.apply(null, deployed("lost"));

        assertThat(StateDifferences.between(Map.of(JOB, fromLog, "lost", lost), Map.of(JOB, stored, "orphan", orphan)))
                .containsExactly("lost: in the event log but missing from the store",
                        JOB + ": stopped is false in the log but true in the store",
                        "orphan: in the store but not in the event log");
    }
}
