package io.webjobs.orchestrator.cluster;

/** The instance that owns what was asked cannot answer now (rebalancing, stopping, unreachable): retry shortly. */
public final class InstanceUnavailableException extends RuntimeException {

    public InstanceUnavailableException(String message) {
        super(message);
    }

    public InstanceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
