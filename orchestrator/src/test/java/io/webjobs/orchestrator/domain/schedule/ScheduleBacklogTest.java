package io.webjobs.orchestrator.domain.schedule;

import static io.webjobs.orchestrator.domain.Fixtures.DEPLOYED_AT;
import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunRequested;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A timer far behind (a per-second schedule after days down) costs one tick a bounded amount of work: past
 * {@link ScheduledTicks#COUNTED} occurrences the log says "more than", and the latest ones still fire by the rule.
 */
class ScheduleBacklogTest {

    private static final String EVERY_SECOND = "* * * * * *";
    /**
     * Generous for a busy 2-core machine: the bounded work takes ~5 ms warm, ~150 ms before the JIT; walking
     * the old million occurrences took 0.1-1 s. The bound itself is counted, not timed, in
     * {@link #shouldBoundTheCronLookUpsOfATimerYearsBehind}.
     */
    private static final Duration FAST = Duration.ofSeconds(1);

    private static final ScheduledTicks TICKS = new ScheduledTicks(new JobFold(JobRules.DEFAULT), ScheduleRules.DEFAULT);
    private final ScheduledTicks ticks = TICKS;
    private final Instant now = Instant.parse("2026-11-25T08:00:00.500Z");

    /** One on-time tick first, so the timings below measure the backlog, not loading the run path's classes. */
    @BeforeAll
    static void loadTheRunPath() {
        Instant due = Instant.parse("2026-11-25T08:00:00Z");
        assertThat(TICKS.tick(aJobWith("{\"schedule\":\"" + EVERY_SECOND + "\"}"), due, due.plusMillis(5)).events())
                .hasSize(1);
    }

    @Test
    void shouldFireTheLatestOfAPerSecondBacklogOfThirtyDaysQuicklyAndSayMoreThanTheCount() {
        Job job = aJobWith("{\"schedule\":\"" + EVERY_SECOND + "\"}");
        Instant due = now.minus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        ScheduledTicks.Outcome outcome = assertTimeout(FAST, () -> ticks.tick(job, due, now));

        assertThat(dueTimes(outcome.events())).containsExactly(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(outcome.log()).first().isEqualTo("Missed more than 10000 schedules, most recent at 2026-11-25T07:59:59Z");
        assertThat(outcome.nextDue()).contains(Instant.parse("2026-11-25T08:00:01Z"));
    }

    @Test
    void shouldFireTheLatestTenOfAThirtyDayBacklogWhenMisfireIsAll() {
        Job job = aJobWith("{\"schedule\":\"" + EVERY_SECOND + "\",\"misfire\":\"all\",\"concurrency\":\"allow\"}");

        ScheduledTicks.Outcome outcome = assertTimeout(FAST, () -> ticks.tick(job, now.minus(Duration.ofDays(30)), now));

        assertThat(dueTimes(outcome.events())).hasSize(10).startsWith(Instant.parse("2026-11-25T07:59:51Z"))
                .endsWith(Instant.parse("2026-11-25T08:00:00Z")).isSorted().doesNotHaveDuplicates();
        assertThat(outcome.log()).first().isEqualTo("Missed more than 10000 schedules, most recent at 2026-11-25T07:59:50Z");
    }

    @Test
    void shouldFindTheLatestOccurrencesAcrossAQuietStretchOfABacklog() {
        // every second from 00:00 to 05:59: now is 3 s into a day, the rest of the latest ten are yesterday's
        Job job = aJobWith("{\"schedule\":\"* * 0-5 * * *\",\"misfire\":\"all\",\"concurrency\":\"allow\"}");
        Instant midnight = Instant.parse("2026-11-25T00:00:03.200Z");

        ScheduledTicks.Outcome outcome = assertTimeout(FAST,
                () -> ticks.tick(job, midnight.minus(Duration.ofDays(30)), midnight));

        assertThat(dueTimes(outcome.events())).containsExactly(Instant.parse("2026-11-24T05:59:54Z"),
                Instant.parse("2026-11-24T05:59:55Z"), Instant.parse("2026-11-24T05:59:56Z"),
                Instant.parse("2026-11-24T05:59:57Z"), Instant.parse("2026-11-24T05:59:58Z"),
                Instant.parse("2026-11-24T05:59:59Z"), Instant.parse("2026-11-25T00:00:00Z"),
                Instant.parse("2026-11-25T00:00:01Z"), Instant.parse("2026-11-25T00:00:02Z"),
                Instant.parse("2026-11-25T00:00:03Z"));
        assertThat(outcome.log()).first().isEqualTo("Missed more than 10000 schedules, most recent at 2026-11-24T05:59:53Z");
    }

    @Test
    void shouldCountExactlyABacklogJustOverTheCountedOnes() {
        Job job = aJobWith("{\"schedule\":\"" + EVERY_SECOND + "\"}");
        Instant due = Instant.parse("2026-11-25T08:00:00Z").minusSeconds(10_004); // 10,005 occurrences up to now

        ScheduledTicks.Outcome outcome = ticks.tick(job, due, now);

        assertThat(dueTimes(outcome.events())).containsExactly(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(outcome.log()).first().isEqualTo("Missed 10004 schedules, most recent at 2026-11-25T07:59:59Z");
    }

    @Test
    void shouldSayMoreThanTheCountWhenADisabledScheduleSkipsAThirtyDayBacklog() {
        Job job = aJobWith("{\"schedule\":\"" + EVERY_SECOND + "\",\"schedule_enabled\":false}");

        ScheduledTicks.Outcome outcome = assertTimeout(FAST, () -> ticks.tick(job, now.minus(Duration.ofDays(30)), now));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.log()).containsExactly("Skipped more than 10000 schedules, most recent at "
                + "2026-11-25T08:00:00Z: the job's schedule is disabled (schedule_enabled: false)");
    }

    @Test
    void shouldBoundTheCronLookUpsOfATimerYearsBehind() {
        CronExpression cron = CronExpression.parse(EVERY_SECOND);
        AtomicInteger lookUps = new AtomicInteger();

        ScheduledTicks.Occurrences pending = ScheduledTicks.occurrences(at -> {
            lookUps.incrementAndGet();
            return cron.next(at, ZoneOffset.UTC);
        }, now.minus(Duration.ofDays(3653)), now);

        assertThat(lookUps.get()).isLessThanOrEqualTo(ScheduledTicks.COUNTED + 40 * (ScheduledTicks.ALL_CAP + 1));
        assertThat(pending.moreThanCounted()).isTrue();
        assertThat(pending.amount()).isEqualTo("more than 10000");
        assertThat(pending.latest()).hasSize(ScheduledTicks.ALL_CAP + 1)
                .startsWith(Instant.parse("2026-11-25T07:59:50Z")).endsWith(Instant.parse("2026-11-25T08:00:00Z"));
    }

    private static Job aJobWith(String settings) {
        return new Job(JOB, JobType.triggered, DIGEST, SIZE, ENTRY_POINT, settings, false, DEPLOYED_AT, List.of());
    }

    private static List<Instant> dueTimes(List<JobEvent> events) {
        return events.stream().map(JobEvent::getPayload).filter(RunRequested.class::isInstance)
                .map(p -> ((RunRequested) p).getDueAt()).toList();
    }
}
