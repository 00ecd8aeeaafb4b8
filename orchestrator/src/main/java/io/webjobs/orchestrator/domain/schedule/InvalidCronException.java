package io.webjobs.orchestrator.domain.schedule;

/** A cron expression that NCrontab would refuse; the message names the field and the problem. */
public final class InvalidCronException extends IllegalArgumentException {

    public InvalidCronException(String message) {
        super(message);
    }
}
