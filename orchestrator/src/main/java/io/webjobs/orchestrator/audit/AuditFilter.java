package io.webjobs.orchestrator.audit;

import io.webjobs.avro.JobEvent;
import io.webjobs.orchestrator.domain.JobName;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Which events an audit shows: one job (any case) or all, a time window, some event types or all. */
public record AuditFilter(String job, Instant since, Instant until, Set<String> types) {

    public AuditFilter {
        types = types == null ? Set.of()
                : types.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean accepts(JobEvent event) {
        if (job != null && !JobName.key(job).equals(JobName.key(event.getJobName()))) {
            return false;
        }
        if (since != null && event.getAt().isBefore(since) || until != null && event.getAt().isAfter(until)) {
            return false;
        }
        return types.isEmpty()
                || types.contains(event.getPayload().getClass().getSimpleName().toLowerCase(Locale.ROOT));
    }
}
