package io.webjobs.orchestrator.api;

/** An error of a v2 route: answered as JSON {@code {"error": …, "detail": …}} with the status. */
final class ProblemException extends RuntimeException {

    private final int status;
    private final String error;

    ProblemException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}
