package io.webjobs.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLevel;
import io.webjobs.avro.LogLine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogBatchFramesTest {

    @Test
    void shouldCarryLogBatchesBetweenInstancesUnchanged() {
        Instant at = Instant.parse("2026-11-25T09:30:00Z");
        List<LogBatch> batches = List.of(
                new LogBatch("nightly", "202611250930000001", "runner-1", 0L,
                        List.of(new LogLine(at, LogLevel.INFO, "hello"), new LogLine(at, LogLevel.ERR, "oops")), "c-1"),
                new LogBatch("nightly", "202611250930000001", "runner-1", 1L, List.of(), null));
        assertThat(LogBatchFrames.decode(LogBatchFrames.encode(batches))).isEqualTo(batches);
        assertThat(LogBatchFrames.decode(LogBatchFrames.encode(List.of()))).isEmpty();
    }

    @Test
    void shouldRefuseBytesThatAreNotFrames() {
        assertThatThrownBy(() -> LogBatchFrames.decode(new byte[] {0, 0, 0, 9, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogBatchFrames.decode(new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
