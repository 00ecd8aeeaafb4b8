package io.webjobs.contract;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobEvent;
import java.util.List;
import java.util.Optional;

/** What the topology made of one command: the events it caused, or the rejection. */
public record CommandOutcome(String commandId, List<JobEvent> events) {

    public boolean accepted() {
        return rejection().isEmpty();
    }

    public Optional<CommandRejected> rejection() {
        return events.stream().map(JobEvent::getPayload).filter(CommandRejected.class::isInstance)
                .map(CommandRejected.class::cast).findFirst();
    }

    public <T> Optional<T> event(Class<T> payloadType) {
        return events.stream().map(JobEvent::getPayload).filter(payloadType::isInstance).map(payloadType::cast)
                .findFirst();
    }
}
