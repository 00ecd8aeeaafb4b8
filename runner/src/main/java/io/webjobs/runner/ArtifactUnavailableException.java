package io.webjobs.runner;

/** The zip a run needs did not arrive in time; the run fails with this message as its reason. */
public class ArtifactUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ArtifactUnavailableException(String message) {
        super(message);
    }
}
