package io.webjobs.orchestrator.topology;

/**
 * Numbers inside store keys, zero-padded so that the keys sort as the numbers do (timers by due time,
 * log batches by sequence). Written for every timer and log batch: {@code String.format} parsed its
 * pattern each time and was a measurable part of the stream thread.
 */
final class SortedKeys {

    private SortedKeys() {
    }

    /** {@code value} (not negative) as at least {@code digits} digits. */
    static String number(long value, int digits) {
        String plain = Long.toString(value);
        if (plain.length() >= digits) {
            return plain;
        }
        StringBuilder padded = new StringBuilder(digits);
        for (int i = plain.length(); i < digits; i++) {
            padded.append('0');
        }
        return padded.append(plain).toString();
    }
}
