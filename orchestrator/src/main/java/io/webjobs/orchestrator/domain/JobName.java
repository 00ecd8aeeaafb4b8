package io.webjobs.orchestrator.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Job names as WebJobs allows them: a letter or digit first, then letters, digits, '-' and '_'. */
public final class JobName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private JobName() {
    }

    /** Why the name is not acceptable, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("The job name is missing.");
        }
        if (!VALID.matcher(name).matches()) {
            return Optional.of("Invalid job name '" + name + "': use letters, digits, '-' and '_', starting "
                    + "with a letter or digit (at most 128 characters).");
        }
        return Optional.empty();
    }

    /** Names match case-insensitively, so state and records are keyed by the lower-cased name. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
