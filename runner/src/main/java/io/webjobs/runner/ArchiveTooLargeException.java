package io.webjobs.runner;

/** An archive past its {@link ArchiveLimits}: too many entries or too many bytes unpacked. */
public final class ArchiveTooLargeException extends InvalidArchiveException {

    private static final long serialVersionUID = 1L;

    public ArchiveTooLargeException(String message) {
        super(message);
    }
}
