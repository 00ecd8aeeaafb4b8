package io.webjobs.orchestrator.domain;

import io.webjobs.avro.InstanceAction;
import io.webjobs.avro.InstanceChanged;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.InstanceRemoved;
import io.webjobs.avro.JobDeleted;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What runners are told for an appended event: a placed instance is started on its runner, a stopped,
 * removed or deleted one is stopped there. Removal after a runner was lost is sent too: if that runner
 * comes back, it reads the stop and kills the process it still has, so a moved singleton does not run twice.
 */
public final class InstanceCommands {

    private InstanceCommands() {
    }

    /** {@code before} is the job before the event, {@code after} after it (null once deleted). */
    public static List<InstanceCommand> of(Job before, JobEvent event, Job after, Instant now) {
        return of(before, event, after, now, Map::of);
    }

    /** {@code environment}: the app settings a started instance gets, asked only when one is started. */
    public static List<InstanceCommand> of(Job before, JobEvent event, Job after, Instant now,
            Supplier<Map<String, String>> environment) {
        Object payload = event.getPayload();
        if (payload instanceof InstanceChanged c && c.getStatus() == RunStatus.Starting && after != null) {
            RunRequest request = new RunRequest(after.name(), c.getLaunchId(), after.type(), after.artifactDigest(),
                    after.entryPoint(), null, after.settingsJson(), 0, environment.get(), now, null);
            // The reason (placed, restarting after the wait, new version) goes into the job's log on the runner.
            return List.of(new InstanceCommand(c.getRunnerId(), after.name(), c.getLaunchId(), InstanceAction.start,
                    request, wait(after), c.getReason() == null ? "" : c.getReason(), now, null));
        }
        if (payload instanceof InstanceChanged c && c.getStatus() == RunStatus.Stopping && after != null) {
            return List.of(stop(after, c.getRunnerId(), c.getLaunchId(), c.getReason(), now));
        }
        if (payload instanceof InstanceRemoved r && before != null) {
            return List.of(stop(before, r.getRunnerId(), r.getLaunchId(), r.getReason(), now));
        }
        if (payload instanceof JobDeleted && before != null) {
            return before.instances().stream().filter(Instance::hasProcess)
                    .map(i -> stop(before, i.runnerId(), i.launchId(), "Job deleted", now)).toList();
        }
        return List.of();
    }

    private static InstanceCommand stop(Job job, String runnerId, String launchId, String reason, Instant now) {
        return new InstanceCommand(runnerId, job.name(), launchId, InstanceAction.stop, null, wait(job),
                reason == null ? "" : reason, now, null);
    }

    private static int wait(Job job) {
        return JobSettings.parse(job.settingsJson()).stoppingWaitSeconds();
    }
}
