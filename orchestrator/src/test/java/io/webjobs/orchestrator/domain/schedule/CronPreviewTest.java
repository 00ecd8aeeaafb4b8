package io.webjobs.orchestrator.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobType;
import io.webjobs.orchestrator.domain.Job;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronPreviewTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void shouldListTheNextOccurrencesStrictlyAfterNow() {
        List<Instant> next = CronPreview.next(CronExpression.parse("0 0 8 * * *"), NOW, UTC, 3);

        assertThat(next).containsExactly(Instant.parse("2026-11-26T08:00:00Z"), Instant.parse("2026-11-27T08:00:00Z"),
                Instant.parse("2026-11-28T08:00:00Z"));
    }

    @Test
    void shouldUseTheJobsTimeZoneAndNothingWhenStoppedOrUnscheduled() {
        Job scheduled = job("{\"schedule\":\"0 0 9 * * *\",\"time_zone\":\"Europe/Paris\"}", false);

        assertThat(CronPreview.next(scheduled, ScheduleRules.DEFAULT, NOW, 1)).containsExactly(
                Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(CronPreview.next(job("{\"schedule\":\"0 0 9 * * *\"}", true), ScheduleRules.DEFAULT, NOW, 5)).isEmpty();
        assertThat(CronPreview.next(job("{}", false), ScheduleRules.DEFAULT, NOW, 5)).isEmpty();
        assertThat(CronPreview.next(scheduled, new ScheduleRules(true, UTC, ScheduleRules.DEFAULT.tickEvery()), NOW, 5))
                .isEmpty();
    }

    private static Job job(String settings, boolean stopped) {
        return new Job("nightly", JobType.triggered, "sha256:x", 1, "run.sh", settings, stopped, NOW, List.of());
    }
}
