package io.webjobs.runner;

/**
 * An upload or artifact that cannot be a job. The message is written for the user who uploaded it
 * (the API returns it as the 400 body), so it never carries a stack trace or internal names.
 */
public class InvalidArchiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidArchiveException(String userMessage) {
        super(userMessage);
    }

    public InvalidArchiveException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
