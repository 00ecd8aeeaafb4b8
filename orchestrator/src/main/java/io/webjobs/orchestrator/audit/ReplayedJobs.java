package io.webjobs.orchestrator.audit;

import io.webjobs.avro.JobEvent;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobName;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Every job's state rebuilt from the event log with the topology's own {@link JobFold#apply}: feed it
 * the events in log order. Deleted jobs drop out, as they do from the store.
 */
public final class ReplayedJobs implements Consumer<JobEvent> {

    private final JobFold fold;
    private final Map<String, Job> jobs = new HashMap<>();

    public ReplayedJobs(JobFold fold) {
        this.fold = fold;
    }

    @Override
    public void accept(JobEvent event) {
        String key = JobName.key(event.getJobName());
        Job next = fold.apply(jobs.get(key), event);
        if (next == null) {
            jobs.remove(key);
        } else {
            jobs.put(key, next);
        }
    }

    public Optional<Job> job(String name) {
        return Optional.ofNullable(jobs.get(JobName.key(name)));
    }

    /** By job key, sorted. */
    public Map<String, Job> all() {
        return new TreeMap<>(jobs);
    }
}
