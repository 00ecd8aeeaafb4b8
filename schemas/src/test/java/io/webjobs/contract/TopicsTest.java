package io.webjobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldSpreadOneJobsConsecutiveRunsEvenlyOverTheRunRequestPartitions() {
        // run ids as the orchestrator makes them: the request time's digits, 100 µs apart at least
        Map<Integer, Long> perPartition = IntStream.range(0, 1_200)
                .mapToObj(i -> "2026120715500" + String.format("%08d", i * 1_000L))
                .map(runId -> Topics.runRequestPartition(runId, Topics.RUN_REQUEST_PARTITIONS))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));

        assertThat(perPartition).hasSize(Topics.RUN_REQUEST_PARTITIONS);
        // 100 each on average: every runner of 2, 3, 4, 6 or 12 gets its share of one busy job's runs
        assertThat(perPartition.values()).allSatisfy(runs -> assertThat(runs).isBetween(70L, 130L));
    }
}
