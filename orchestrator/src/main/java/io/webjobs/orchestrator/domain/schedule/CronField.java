package io.webjobs.orchestrator.domain.schedule;

import java.util.List;
import java.util.Locale;

/**
 * One field of an NCrontab expression, parsed into a bit set of the values it allows. Grammar as
 * NCrontab has it: a comma list of {@code *}, {@code a}, {@code a-b}, each optionally {@code /n};
 * {@code a/n} runs from a to the field's maximum. Names (months, days of the week) match by any
 * case-insensitive prefix, the first name in calendar order winning ({@code Ju} is June).
 */
enum CronField {
    SECOND("second", 0, 59, List.of()),
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12, List.of("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")),
    DAY_OF_WEEK("day-of-week", 0, 6, List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday"));

    private final String label;
    private final int min;
    private final int max;
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** The allowed values as bits: bit v set means value v matches. */
    long parse(String text) {
        for (char unsupported : new char[] {'?', '#'}) {
            if (text.indexOf(unsupported) >= 0) {
                throw unsupported(text, unsupported);
            }
        }
        long bits = 0;
        for (String item : text.split(",", -1)) {
            bits |= parseItem(text, item);
        }
        return bits;
    }

    private long parseItem(String field, String item) {
        if (item.isEmpty()) {
            throw problem(field, "an empty list item");
        }
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(field, item.substring(slash + 1), "step");
            if (step < 1) {
                throw problem(field, "the step must be at least 1");
            }
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = min;
            to = max;
        } else if (range.indexOf('-') > 0) {
            int dash = range.indexOf('-');
            from = value(field, range.substring(0, dash));
            to = value(field, range.substring(dash + 1));
            if (from > to) {
                throw problem(field, "the range " + range + " runs backwards");
            }
        } else {
            from = value(field, range);
            to = slash >= 0 ? max : from;
        }
        long bits = 0;
        for (int v = from; v <= to; v += step) {
            bits |= 1L << v;
        }
        return bits;
    }

    private int value(String field, String token) {
        if (!token.isEmpty() && Character.isLetter(token.charAt(0))) {
            String lower = token.toLowerCase(Locale.ROOT);
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).toLowerCase(Locale.ROOT).startsWith(lower)) {
                    return min + i;
                }
            }
            throw quartzOperator(field, token);
        }
        if (!token.isEmpty() && !token.chars().allMatch(Character::isDigit)) {
            throw quartzOperator(field, token);
        }
        int v = number(field, token, "value");
        if (v < min || v > max) {
            throw problem(field, v + " is outside " + min + "-" + max);
        }
        return v;
    }

    /** Quartz's L and W look like names or numbers with a suffix; say so rather than "not a name". */
    private InvalidCronException quartzOperator(String field, String token) {
        for (char op : new char[] {'L', 'W'}) {
            if (token.toUpperCase(Locale.ROOT).indexOf(op) >= 0) {
                return unsupported(field, op);
            }
        }
        return problem(field, "'" + token + "' is not a " + label + (names.isEmpty() ? " value" : " name"));
    }

    private int number(String field, String token, String what) {
        if (token.isEmpty() || !token.chars().allMatch(Character::isDigit) || token.length() > 4) {
            throw problem(field, "'" + token + "' is not a valid " + what);
        }
        return Integer.parseInt(token);
    }

    private InvalidCronException unsupported(String field, char op) {
        return problem(field, "'" + op + "' is not supported (NCrontab has no ? L W #)");
    }

    private InvalidCronException problem(String field, String why) {
        return new InvalidCronException("Invalid " + label + " field '" + field + "': " + why + ".");
    }
}
