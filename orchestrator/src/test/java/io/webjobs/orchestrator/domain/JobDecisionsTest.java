package io.webjobs.orchestrator.domain;

import static io.webjobs.avro.RunStatus.Aborted;
import static io.webjobs.avro.RunStatus.Failed;
import static io.webjobs.avro.RunStatus.Initializing;
import static io.webjobs.avro.RunStatus.Running;
import static io.webjobs.avro.RunStatus.Starting;
import static io.webjobs.avro.RunStatus.Success;
import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.ISSUER;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.NOW;
import static io.webjobs.orchestrator.domain.Fixtures.NOW_IN_MILLIS;
import static io.webjobs.orchestrator.domain.Fixtures.RUNNER;
import static io.webjobs.orchestrator.domain.Fixtures.RUN_ID_AT_NOW;
import static io.webjobs.orchestrator.domain.Fixtures.SETTINGS;
import static io.webjobs.orchestrator.domain.Fixtures.SIZE;
import static io.webjobs.orchestrator.domain.Fixtures.TRIGGER;
import static io.webjobs.orchestrator.domain.Fixtures.aContinuousJob;
import static io.webjobs.orchestrator.domain.Fixtures.aDeleteCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aDeployCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aReport;
import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aStartCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aStopCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aStoppedTriggeredJob;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static io.webjobs.orchestrator.domain.Fixtures.anUpdateSettingsCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobDeleted;
import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStarted;
import io.webjobs.avro.JobStopped;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import io.webjobs.avro.SettingsUpdated;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobDecisionsTest {

    @Nested
    class Accepted {

        @Test
        void shouldDeployANewJob() {
            JobCommand command = aDeployCommand(JOB);

            List<JobEvent> events = JobDecisions.decide(null, command, NOW);

            assertThat(events).singleElement().satisfies(event -> {
                assertAnswers(event, command);
                assertThat(event.getPayload()).isEqualTo(
                        new JobDeployed(JOB, JobType.triggered, DIGEST, SIZE, ENTRY_POINT, SETTINGS));
            });
        }

        @Test
        void shouldRedeployAJobOfTheSameType() {
            JobCommand command = aDeployCommand(JOB, JobType.triggered);

            List<JobEvent> events = JobDecisions.decide(aTriggeredJobWith(aRun("1", Running)), command, NOW);

            assertThat(events).singleElement().satisfies(event -> {
                assertAnswers(event, command);
                assertThat(event.getPayload()).isInstanceOf(JobDeployed.class);
            });
        }

        @Test
        void shouldDeleteAJob() {
            JobCommand command = aDeleteCommand(JOB);

            assertThat(JobDecisions.decide(aTriggeredJob(), command, NOW)).singleElement().satisfies(event -> {
                assertAnswers(event, command);
                assertThat(event.getPayload()).isEqualTo(new JobDeleted());
            });
        }

        @Test
        void shouldRequestARunOfATriggeredJob() {
            JobCommand command = aRunCommand(JOB, "--full");

            assertThat(JobDecisions.decide(aTriggeredJob(), command, NOW)).singleElement().satisfies(event -> {
                assertAnswers(event, command);
                assertThat(event.getPayload()).isEqualTo(new RunRequested(RUN_ID_AT_NOW, "--full", TRIGGER, null, null));
            });
        }

        @Test
        void shouldStopAJob() {
            JobCommand command = aStopCommand(JOB);

            assertThat(JobDecisions.decide(aTriggeredJob(), command, NOW)).singleElement().satisfies(event -> {
                assertAnswers(event, command);
                assertThat(event.getPayload()).isEqualTo(new JobStopped());
            });
        }

        @Test
        void shouldStartAStoppedJob() {
            JobCommand command = aStartCommand(JOB);

            assertThat(JobDecisions.decide(aStoppedTriggeredJob(), command, NOW)).singleElement().satisfies(event -> {
                assertAnswers(event, command);
                assertThat(event.getPayload()).isEqualTo(new JobStarted());
            });
        }

        @Test
        void shouldUpdateSettings() {
            JobCommand command = anUpdateSettingsCommand(JOB, "{\"is_singleton\":true}");

            assertThat(JobDecisions.decide(aTriggeredJob(), command, NOW)).singleElement().satisfies(event -> {
                assertAnswers(event, command);
                assertThat(event.getPayload()).isEqualTo(new SettingsUpdated("{\"is_singleton\":true}"));
            });
        }

        @ParameterizedTest
        @EnumSource(value = RunStatus.class, names = {"Success", "Failed", "Aborted"})
        void shouldRunAgainOnceThePreviousRunFinished(RunStatus finished) {
            Job job = aTriggeredJobWith(aRun("202611250700000000", finished));

            List<JobEvent> events = JobDecisions.decide(job, aRunCommand(JOB), NOW);

            assertThat(events).singleElement().extracting(JobEvent::getPayload)
                    .isInstanceOfSatisfying(RunRequested.class, requested -> assertThat(requested.getRunId())
                            .hasSize(18).containsOnlyDigits().isEqualTo(RUN_ID_AT_NOW));
        }

        @Test
        void shouldGiveUniqueRunIdsToTwoRunsRequestedInTheSameTenthOfAMillisecond() {
            JobFold fold = new JobFold(JobRules.DEFAULT);
            Job job = aTriggeredJob();

            List<JobEvent> firstRun = JobDecisions.decide(job, aRunCommand(JOB), NOW);
            String first = requestedRunId(firstRun);
            job = fold.applyAll(job, firstRun);
            job = fold.applyAll(job, JobDecisions.decide(job, aReport(first, Success), NOW));
            String second = requestedRunId(JobDecisions.decide(job, aRunCommand(JOB), NOW.plusNanos(40_000)));

            assertThat(first).isEqualTo(RUN_ID_AT_NOW);
            assertThat(second).hasSize(18).isNotEqualTo(first).isGreaterThan(first);
        }

        private String requestedRunId(List<JobEvent> events) {
            assertThat(events).singleElement().extracting(JobEvent::getPayload).isInstanceOf(RunRequested.class);
            return ((RunRequested) events.get(0).getPayload()).getRunId();
        }
    }

    @Nested
    class Rejected {

        static Stream<JobCommand> everyCommandButDeploy() {
            return Stream.of(aDeleteCommand(JOB), aRunCommand(JOB), aStartCommand(JOB), aStopCommand(JOB),
                    anUpdateSettingsCommand(JOB, "{}"));
        }

        @ParameterizedTest
        @MethodSource("everyCommandButDeploy")
        void shouldRejectACommandForAnUnknownJobAsNotFound(JobCommand command) {
            List<JobEvent> events = JobDecisions.decide(null, command, NOW);

            assertRejected(events, command, RejectionCode.NOT_FOUND, "Job 'nightly' not found.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-nightly", "_nightly", "night ly", "night.ly", "night/ly", "nächtlich"})
        void shouldRejectADeployWithABadNameAsInvalid(String name) {
            JobCommand command = aDeployCommand(name);

            assertRejected(JobDecisions.decide(null, command, NOW), command, RejectionCode.INVALID,
                    "Invalid job name '" + name + "': use letters, digits, '-' and '_', starting "
                            + "with a letter or digit (at most 128 characters).");
        }

        @Test
        void shouldRejectADeployWithoutANameAsInvalid() {
            JobCommand command = aDeployCommand("");

            assertRejected(JobDecisions.decide(null, command, NOW), command, RejectionCode.INVALID,
                    "The job name is missing.");
        }

        @Test
        void shouldRejectADeployWhosePayloadNamesAnotherJobAsInvalid() {
            JobCommand command = Fixtures.aCommand("other", aDeployCommand(JOB).getPayload());

            assertRejected(JobDecisions.decide(null, command, NOW), command, RejectionCode.INVALID,
                    "The deployed job 'nightly' does not match the command's job 'other'.");
        }

        @Test
        void shouldRejectADeployOfAnotherTypeUnderTheSameNameAsConflict() {
            JobCommand command = aDeployCommand(JOB, JobType.continuous);

            assertRejected(JobDecisions.decide(aTriggeredJob(), command, NOW), command, RejectionCode.CONFLICT,
                    "A triggered job named 'nightly' already exists; job names are unique across types.");
        }

        @Test
        void shouldRejectARunOfAContinuousJobAsInvalid() {
            JobCommand command = aRunCommand(JOB);

            assertRejected(JobDecisions.decide(aContinuousJob(), command, NOW), command, RejectionCode.INVALID,
                    "Only triggered jobs can be run; 'nightly' is continuous.");
        }

        @Test
        void shouldRejectARunOfAStoppedJobAsStopped() {
            JobCommand command = aRunCommand(JOB);

            assertRejected(JobDecisions.decide(aStoppedTriggeredJob(), command, NOW), command, RejectionCode.STOPPED,
                    "Job 'nightly' is stopped.");
        }

        @ParameterizedTest
        @EnumSource(value = RunStatus.class, names = {"Initializing", "Starting", "Running"})
        void shouldRejectARunWhileARunIsActiveAsConflict(RunStatus active) {
            JobCommand command = aRunCommand(JOB);

            assertRejected(JobDecisions.decide(aTriggeredJobWith(aRun("1", active)), command, NOW), command,
                    RejectionCode.CONFLICT, "Cannot start a new run since job is already running.");
        }
    }

    @Nested
    class RunnerReports {

        @Test
        void shouldTurnAValidTransitionIntoAStatusChange() {
            Job job = aTriggeredJobWith(aRun("1", Initializing));
            RunnerReport report = aReport("1", Failed, 3, "exit code 3");

            List<JobEvent> events = JobDecisions.decide(job, report, NOW);

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.getEventId()).isEqualTo(report.getReportId() + "/0");
                assertThat(event.getCausedBy()).isEqualTo(report.getReportId());
                assertThat(event.getActor()).isEqualTo(RUNNER);
                assertThat(event.getJobName()).isEqualTo(JOB);
                assertThat(event.getAt()).isEqualTo(NOW_IN_MILLIS);
                assertThat(event.getPayload()).isEqualTo(
                        new RunStatusChanged("1", Failed, 3, "exit code 3", RUNNER));
            });
        }

        static Stream<Arguments> staleReports() {
            return Stream.of(
                    Arguments.of("unknown job", null, aReport("1", Running)),
                    Arguments.of("unknown run", aTriggeredJobWith(aRun("1", Initializing)), aReport("2", Running)),
                    Arguments.of("finished run", aTriggeredJobWith(aRun("1", Success)), aReport("1", Failed)),
                    Arguments.of("aborted run", aTriggeredJobWith(aRun("1", Aborted)), aReport("1", Running)),
                    Arguments.of("backwards", aTriggeredJobWith(aRun("1", Running)), aReport("1", Initializing)),
                    Arguments.of("backwards", aTriggeredJobWith(aRun("1", Running)), aReport("1", Starting)),
                    Arguments.of("repeated", aTriggeredJobWith(aRun("1", Running)), aReport("1", Running)),
                    Arguments.of("repeated final", aTriggeredJobWith(aRun("1", Success)), aReport("1", Success)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("staleReports")
        void shouldDropAStaleReport(String why, Job job, RunnerReport report) {
            assertThat(JobDecisions.decide(job, report, NOW)).isEmpty();
        }
    }

    private static void assertAnswers(JobEvent event, JobCommand command) {
        assertThat(event.getEventId()).isEqualTo(command.getCommandId() + "/0");
        assertThat(event.getCausedBy()).isEqualTo(command.getCommandId());
        assertThat(event.getActor()).isEqualTo(ISSUER).isEqualTo(command.getIssuedBy());
        assertThat(event.getJobName()).isEqualTo(command.getJobName());
        assertThat(event.getAt()).isEqualTo(NOW_IN_MILLIS);
    }

    private static void assertRejected(List<JobEvent> events, JobCommand command, RejectionCode code, String reason) {
        assertThat(events).singleElement().satisfies(event -> {
            assertAnswers(event, command);
            assertThat(event.getPayload()).isEqualTo(new CommandRejected(command.getCommandId(), code, reason));
        });
    }
}
