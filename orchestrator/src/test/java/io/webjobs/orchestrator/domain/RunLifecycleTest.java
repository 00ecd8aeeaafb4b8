package io.webjobs.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.RunStatus;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (from, to) pair of run statuses against the lifecycle as specified, written out by hand
 * rather than derived from {@link RunLifecycle}: an accidental change to the table fails here.
 */
class RunLifecycleTest {

    /** Rows: from. Columns: to, in {@link RunStatus} declaration order. {@code x} = allowed. */
    private static final List<String> EXPECTED = List.of(
            //               Init  Start Run   PendR Stopg Stopd Abort Succ  Fail
            "Initializing    .     x     x     .     .     .     x     x     x",
            "Starting        .     .     x     .     .     .     x     x     x",
            "Running         .     .     .     .     .     .     x     x     x",
            "PendingRestart  .     .     .     .     .     .     .     .     .",
            "Stopping        .     .     .     .     .     .     .     .     .",
            "Stopped         .     .     .     .     .     .     .     .     .",
            "Aborted         .     .     .     .     .     .     .     .     .",
            "Success         .     .     .     .     .     .     .     .     .",
            "Failed          .     .     .     .     .     .     .     .     .");

    private static final Set<RunStatus> EXPECTED_FINAL = EnumSet.of(RunStatus.Success, RunStatus.Failed,
            RunStatus.Aborted);

    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = parse(EXPECTED);

    static Stream<Arguments> everyPair() {
        return Arrays.stream(RunStatus.values())
                .flatMap(from -> Arrays.stream(RunStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void shouldAllowExactlyTheTransitionsOfTheTable(RunStatus from, RunStatus to) {
        assertThat(RunLifecycle.canChange(from, to))
                .as("%s -> %s", from, to)
                .isEqualTo(ALLOWED.get(from).contains(to));
    }

    @Test
    void shouldCoverEveryStatusInTheTable() {
        assertThat(ALLOWED.keySet()).containsExactlyInAnyOrder(RunStatus.values());
    }

    @ParameterizedTest
    @EnumSource(RunStatus.class)
    void shouldCallOnlySuccessFailedAndAbortedFinal(RunStatus status) {
        assertThat(RunLifecycle.isFinal(status)).as("%s is final", status).isEqualTo(EXPECTED_FINAL.contains(status));
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"Success", "Failed", "Aborted"})
    void shouldNeverLeaveAFinalStatus(RunStatus finalStatus) {
        assertThat(RunStatus.values()).noneMatch(to -> RunLifecycle.canChange(finalStatus, to));
    }

    private static Map<RunStatus, Set<RunStatus>> parse(List<String> rows) {
        RunStatus[] columns = RunStatus.values();
        Map<RunStatus, Set<RunStatus>> table = new EnumMap<>(RunStatus.class);
        for (String row : rows) {
            String[] cells = row.trim().split("\\s+");
            assertThat(cells).as("row %s", row).hasSize(columns.length + 1);
            Set<RunStatus> allowed = EnumSet.noneOf(RunStatus.class);
            for (int i = 0; i < columns.length; i++) {
                if (cells[i + 1].equals("x")) {
                    allowed.add(columns[i]);
                }
            }
            table.put(RunStatus.valueOf(cells[0]), allowed);
        }
        return table;
    }
}
