package io.webjobs.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void shouldCountTheClientsNetworkThreadsApartFromTheBroker() {
        // Their names start with "kafka-" as some of the broker's do: they were the broker's 0.5-1 ms per run.
        assertThat(ThreadCpu.group("kafka-producer-network-thread | webjobs-app-StreamThread-1-producer"))
                .isEqualTo("stream thread's producer");
        assertThat(ThreadCpu.group("kafka-producer-network-thread | producer-3"))
                .isEqualTo("other producers (runner, API)");
        assertThat(ThreadCpu.group("kafka-coordinator-heartbeat-thread | webjobs-runners"))
                .isEqualTo("consumers' heartbeats");
        assertThat(ThreadCpu.group("kafka-scheduler-3")).isEqualTo("broker");
        assertThat(ThreadCpu.group("data-plane-kafka-request-handler-0")).isEqualTo("broker");
        assertThat(ThreadCpu.group("webjobs-app-StreamThread-1")).isEqualTo("stream thread");
        assertThat(ThreadCpu.group("run-output-7")).isEqualTo("runner: runs, output readers, reaper");
    }
}
