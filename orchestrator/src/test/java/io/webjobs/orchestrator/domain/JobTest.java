package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTest {

    @Test
    void runsAloneDoNotMakeAnotherJob() {
        Job before = aTriggeredJobWith(aRun("20260101000000010", RunStatus.Running));
        Job after = aTriggeredJobWith(aRun("20260101000000020", RunStatus.Initializing),
                aRun("20260101000000010", RunStatus.Success));

        assertThat(after.sameApartFromRuns(before)).isTrue();
        assertThat(before.sameApartFromRuns(aTriggeredJob())).isTrue();
    }

    @Test
    void anyChangeOfTheJobItselfDoes() {
        Job job = aTriggeredJobWith(aRun("20260101000000010", RunStatus.Running));

        assertThat(job.withStopped(true).sameApartFromRuns(job)).isFalse();
        assertThat(job.withWebhookSecretHash("ab12").sameApartFromRuns(job)).isFalse();
        assertThat(job.withInstances(List.of(new Instance("runner-1", "launch-1", RunStatus.Running, job.deployedAt(),
                null, null, null, null, job.deployedAt(), null))).sameApartFromRuns(job)).isFalse();
        assertThat(new Job(job.name(), job.type(), job.artifactDigest(), job.artifactSize(), job.entryPoint(),
                "{\"schedule\":\"0 * * * * *\"}", job.stopped(), job.deployedAt(), job.runs())
                .sameApartFromRuns(job)).isFalse();
        assertThat(job.sameApartFromRuns(null)).isFalse();
    }
}
