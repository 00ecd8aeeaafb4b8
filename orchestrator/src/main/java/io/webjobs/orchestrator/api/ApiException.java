package io.webjobs.orchestrator.api;

/** A request the API refuses: the HTTP status and the message the caller sees (Kudu's words where Kudu has them). */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
