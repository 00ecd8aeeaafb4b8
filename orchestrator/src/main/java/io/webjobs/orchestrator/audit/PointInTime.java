package io.webjobs.orchestrator.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses the times users give {@code --since}, {@code --until}, {@code --as-of} and {@code as_of}. */
public final class PointInTime {

    private PointInTime() {
    }

    /** An ISO-8601 instant ({@code 2026-11-25T07:30:00Z}) or epoch milliseconds. */
    public static Instant parse(String text) {
        String t = text.strip();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use an ISO-8601 instant such as "
                    + "2026-11-25T07:30:00Z, or epoch milliseconds");
        }
    }
}
