package io.webjobs.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.orchestrator.cluster.QueryRoute.Kind;
import org.junit.jupiter.api.Test;

class QueryRouteTest {

    @Test
    void shouldSendEveryRouteUnderAJobNameToItsOwner() {
        for (String path : new String[] {"/api/triggeredwebjobs/Nightly", "/api/triggeredwebjobs/Nightly/history",
                "/api/triggeredwebjobs/Nightly/history/202611250930000001", "/api/triggeredjobs/Nightly/settings",
                "/jobs/triggered/Nightly/run", "/api/jobs/triggered/Nightly", "/api/continuouswebjobs/Nightly/stop",
                "/jobs/continuous/Nightly", "/api/vfs/data/jobs/triggered/Nightly/202611250930000001/output_log.txt",
                "/api/vfs/data/jobs/triggered/Nightly/job_scheduler.log",
                "/api/vfs/data/jobs/continuous/Nightly/job_log.txt", "/api/v2/jobs/Nightly",
                "/api/v2/jobs/Nightly/log", "/api/v2/jobs/Nightly/webhook"}) {
            assertThat(QueryRoute.of("GET", path)).as(path).isEqualTo(new QueryRoute(Kind.OWNER, "Nightly"));
        }
    }

    @Test
    void shouldSendWritesToTheOwnerSoTheirAnswerReadsTheJobBack() {
        assertThat(QueryRoute.of("PUT", "/api/triggeredwebjobs/nightly")).isEqualTo(new QueryRoute(Kind.OWNER, "nightly"));
        assertThat(QueryRoute.of("POST", "/api/triggeredwebjobs/nightly/run")).isEqualTo(new QueryRoute(Kind.OWNER, "nightly"));
        assertThat(QueryRoute.of("DELETE", "/api/continuouswebjobs/watch")).isEqualTo(new QueryRoute(Kind.OWNER, "watch"));
    }

    @Test
    void shouldMergeTheListsAcrossInstances() {
        assertThat(QueryRoute.of("GET", "/api/triggeredwebjobs").kind()).isEqualTo(Kind.JOBS);
        assertThat(QueryRoute.of("GET", "/api/continuouswebjobs/").kind()).isEqualTo(Kind.JOBS);
        assertThat(QueryRoute.of("GET", "/jobs/triggered").kind()).isEqualTo(Kind.JOBS);
        assertThat(QueryRoute.of("GET", "/api/webjobs").kind()).isEqualTo(Kind.ALL_JOBS);
        assertThat(QueryRoute.of("GET", "/api/v2/runners").kind()).isEqualTo(Kind.RUNNERS);
        assertThat(QueryRoute.of("GET", "/api/v2/verify").kind()).isEqualTo(Kind.VERIFY);
        assertThat(QueryRoute.of("GET", "/api/webjobs").merged()).isTrue();
    }

    @Test
    void shouldAnswerGlobalAndStaticRoutesHere() {
        for (String path : new String[] {"/health", "/metrics", "/", "/dashboard/app.js", "/api/v2/settings",
                "/api/v2/cron", "/api/v2/openapi.json", "/internal/run-logs", "/api/v2/jobs"}) {
            assertThat(QueryRoute.of("GET", path).kind()).as(path).isEqualTo(Kind.LOCAL);
        }
        assertThat(QueryRoute.of("PUT", "/api/v2/settings").kind()).isEqualTo(Kind.LOCAL);
        assertThat(QueryRoute.of("POST", "/api/triggeredwebjobs").kind()).isEqualTo(Kind.LOCAL);
    }
}
