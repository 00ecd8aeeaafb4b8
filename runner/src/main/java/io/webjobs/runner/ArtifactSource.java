package io.webjobs.runner;

import java.nio.file.Path;
import java.time.Duration;

/** Where a run gets its job's zip. A port, so a run can be tested without Kafka. */
public interface ArtifactSource {

    /**
     * The local file holding the zip with this SHA-256 digest, waiting up to {@code timeout} for it
     * to arrive; throws {@link ArtifactUnavailableException} when it does not.
     */
    Path await(String digest, Duration timeout);
}
