package io.webjobs.orchestrator.domain;

import io.webjobs.avro.InstanceChanged;
import io.webjobs.avro.InstanceRemoved;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The part of the fold that moves a continuous job's instances; {@link JobFold} delegates here. */
final class InstanceFold {

    private InstanceFold() {
    }

    static Job apply(Job job, JobEvent event) {
        List<Instance> next = new ArrayList<>(job.instances());
        if (event.getPayload() instanceof InstanceRemoved r) {
            next.removeIf(i -> i.runnerId().equals(r.getRunnerId()));
            return job.withInstances(next);
        }
        InstanceChanged c = (InstanceChanged) event.getPayload();
        Instance previous = job.instance(c.getRunnerId()).orElse(null);
        next.removeIf(i -> i.runnerId().equals(c.getRunnerId()));
        boolean sameLaunch = previous != null && previous.launchId().equals(c.getLaunchId());
        next.add(new Instance(c.getRunnerId(), c.getLaunchId(), c.getStatus(), event.getAt(),
                c.getStatus() == RunStatus.Running ? event.getAt() : sameLaunch ? previous.runningSince() : null,
                c.getExitCode(), c.getReason(), c.getRestartAt(),
                sameLaunch ? previous.deployedAt() : job.deployedAt(),
                c.getObservedAt() != null ? c.getObservedAt() : sameLaunch ? previous.observedRunningAt() : null));
        next.sort(Comparator.comparing(Instance::runnerId));
        return job.withInstances(next);
    }
}
