package io.webjobs.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListMergeTest {

    @Test
    void shouldListEveryInstancesJobsByNameAsOneInstanceWould() {
        String merged = ListMerge.merge(QueryRoute.Kind.JOBS, List.of(
                "[{\"name\":\"alpha\",\"type\":\"triggered\"},{\"name\":\"delta\",\"type\":\"triggered\"}]",
                "[{\"name\":\"Beta\",\"type\":\"triggered\"},{\"name\":\"gamma\",\"type\":\"triggered\"}]",
                "[]"));
        assertThat(merged).isEqualTo("[{\"name\":\"alpha\",\"type\":\"triggered\"},{\"name\":\"Beta\",\"type\":\"triggered\"},"
                + "{\"name\":\"delta\",\"type\":\"triggered\"},{\"name\":\"gamma\",\"type\":\"triggered\"}]");
    }

    @Test
    void shouldListTriggeredJobsBeforeContinuousOnesForAllWebJobs() {
        String merged = ListMerge.merge(QueryRoute.Kind.ALL_JOBS, List.of(
                "[{\"name\":\"b\",\"type\":\"triggered\"},{\"name\":\"a\",\"type\":\"continuous\"}]",
                "[{\"name\":\"c\",\"type\":\"triggered\"},{\"name\":\"d\",\"type\":\"continuous\"}]"));
        assertThat(merged).isEqualTo("[{\"name\":\"b\",\"type\":\"triggered\"},{\"name\":\"c\",\"type\":\"triggered\"},"
                + "{\"name\":\"a\",\"type\":\"continuous\"},{\"name\":\"d\",\"type\":\"continuous\"}]");
    }

    @Test
    void shouldListAJobSeenTwiceWhileItsPartitionMovedOnce() {
        String merged = ListMerge.merge(QueryRoute.Kind.JOBS, List.of(
                "[{\"name\":\"a\",\"status\":\"first\"}]", "[{\"name\":\"A\",\"status\":\"second\"}]"));
        assertThat(merged).isEqualTo("[{\"name\":\"a\",\"status\":\"first\"}]");
    }

    @Test
    void shouldGatherEachRunnersInstancesFromEveryOrchestrator() {
        String merged = ListMerge.merge(QueryRoute.Kind.RUNNERS, List.of(
                "[{\"id\":\"r2\",\"alive\":true,\"instances\":[]},{\"id\":\"r1\",\"alive\":true,\"instances\":[\"watch - Running\"]}]",
                "[{\"id\":\"r1\",\"alive\":true,\"instances\":[\"Audit - Running\"]},{\"id\":\"r2\",\"alive\":true,\"instances\":[]}]"));
        assertThat(merged).isEqualTo("[{\"id\":\"r1\",\"alive\":true,\"instances\":[\"Audit - Running\",\"watch - Running\"]},"
                + "{\"id\":\"r2\",\"alive\":true,\"instances\":[]}]");
    }

    @Test
    void shouldAddUpWhatEachInstanceVerified() {
        String merged = ListMerge.merge(QueryRoute.Kind.VERIFY, List.of(
                "{\"events\":120,\"skipped_records\":1,\"jobs\":3,\"differences\":[\"b: status\"]}",
                "{\"events\":120,\"skipped_records\":1,\"jobs\":4,\"differences\":[\"a: missing\"]}"));
        assertThat(merged).isEqualTo(
                "{\"events\":120,\"skipped_records\":1,\"jobs\":7,\"differences\":[\"a: missing\",\"b: status\"]}");
    }
}
