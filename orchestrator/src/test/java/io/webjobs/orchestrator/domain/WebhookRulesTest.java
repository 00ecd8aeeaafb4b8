package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.NOW;
import static io.webjobs.orchestrator.domain.Fixtures.aCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aContinuousJob;
import static io.webjobs.orchestrator.domain.Fixtures.aDeletedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aRedeployedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RotateWebhookSecret;
import io.webjobs.avro.WebhookSecretRotated;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookRulesTest {

    private final JobFold fold = new JobFold(new JobRules(50, 120));

    @Test
    void shouldKeepOnlyTheHashOfANewSecretAndAcceptThatSecretOnly() {
        Job job = rotated(aTriggeredJob(), "first-secret");

        assertThat(job.webhookSecretHash()).isEqualTo(WebhookRules.hash("first-secret")).doesNotContain("first-secret");
        assertThat(WebhookRules.accepts(job, "first-secret")).isTrue();
        assertThat(WebhookRules.accepts(job, "other")).isFalse();
        assertThat(WebhookRules.accepts(job, "")).isFalse();
        assertThat(WebhookRules.accepts(job, null)).isFalse();
    }

    @Test
    void shouldStopAcceptingTheOldSecretOnceRotated() {
        Job job = rotated(rotated(aTriggeredJob(), "old"), "new");

        assertThat(WebhookRules.accepts(job, "old")).isFalse();
        assertThat(WebhookRules.accepts(job, "new")).isTrue();
    }

    @Test
    void shouldAcceptNoSecretForAJobWithoutOne() {
        assertThat(WebhookRules.accepts(aTriggeredJob(), "anything")).isFalse();
        assertThat(WebhookRules.accepts(null, "anything")).isFalse();
    }

    @Test
    void shouldKeepTheSecretAcrossARedeployAndDropItWithTheJob() {
        Job job = rotated(aTriggeredJob(), "kept");

        Job redeployed = fold.apply(job, aRedeployedEvent(JOB, "sha256:other", NOW));

        assertThat(WebhookRules.accepts(redeployed, "kept")).isTrue();
        assertThat(fold.apply(redeployed, aDeletedEvent())).isNull();
    }

    @Test
    void shouldRejectAWebhookForAContinuousJobOrAMalformedHash() {
        List<JobEvent> continuous = JobDecisions.decide(aContinuousJob(), aCommand(JOB,
                new RotateWebhookSecret(WebhookRules.hash("s"))), NOW);
        List<JobEvent> malformed = JobDecisions.decide(aTriggeredJob(), aCommand(JOB,
                new RotateWebhookSecret("plain-secret")), NOW);
        List<JobEvent> missing = JobDecisions.decide(null, aCommand("nope", new RotateWebhookSecret(WebhookRules.hash("s"))), NOW);

        assertThat(((CommandRejected) continuous.get(0).getPayload()).getReason()).isEqualTo("Only a triggered job has a webhook.");
        assertThat(((CommandRejected) malformed.get(0).getPayload()).getCode()).isEqualTo(RejectionCode.INVALID);
        assertThat(((CommandRejected) missing.get(0).getPayload()).getCode()).isEqualTo(RejectionCode.NOT_FOUND);
    }

    private Job rotated(Job job, String secret) {
        List<JobEvent> events = JobDecisions.decide(job, aCommand(JOB, new RotateWebhookSecret(WebhookRules.hash(secret))), NOW);
        assertThat(events).singleElement().extracting(JobEvent::getPayload).isInstanceOf(WebhookSecretRotated.class);
        return fold.applyAll(job, events);
    }
}
