package io.webjobs.orchestrator.domain;

import static io.webjobs.avro.RunStatus.Aborted;
import static io.webjobs.avro.RunStatus.Failed;
import static io.webjobs.avro.RunStatus.Initializing;
import static io.webjobs.avro.RunStatus.Running;
import static io.webjobs.avro.RunStatus.Starting;
import static io.webjobs.avro.RunStatus.Success;

import io.webjobs.avro.RunStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a triggered run, the one place that says which status may follow which:
 * <pre>
 *   Initializing ──► Starting ──► Running ──► Success
 *        │              │            ├──────► Failed
 *        └──────────────┴────────────┴──────► Aborted   (and Initializing/Starting may end directly)
 * </pre>
 * Final statuses have no successor, so a late or repeated runner report cannot reopen a run.
 */
public final class RunLifecycle {

    private static final Set<RunStatus> FINAL = EnumSet.of(Success, Failed, Aborted);
    private static final Map<RunStatus, Set<RunStatus>> NEXT = new EnumMap<>(RunStatus.class);

    static {
        for (RunStatus status : RunStatus.values()) {
            NEXT.put(status, EnumSet.noneOf(RunStatus.class));
        }
        NEXT.put(Initializing, EnumSet.of(Starting, Running, Success, Failed, Aborted));
        NEXT.put(Starting, EnumSet.of(Running, Success, Failed, Aborted));
        NEXT.put(Running, EnumSet.of(Success, Failed, Aborted));
    }

    private RunLifecycle() {
    }

    public static boolean isFinal(RunStatus status) {
        return FINAL.contains(status);
    }

    public static boolean canChange(RunStatus from, RunStatus to) {
        return NEXT.get(from).contains(to);
    }
}
