package io.webjobs.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a run's raw arguments string into argv the way a POSIX shell does for simple cases:
 * whitespace separates, single quotes keep everything literally, double quotes keep spaces and
 * honour {@code \"} and {@code \\}, a backslash outside quotes escapes the next character. No
 * variables, globs or substitutions: the string is never given to a shell.
 */
public final class CommandArguments {

    private CommandArguments() {
    }

    public static List<String> split(String raw) {
        List<String> args = new ArrayList<>();
        if (raw == null) {
            return args;
        }
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        char quote = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < raw.length() && "\"\\$`".indexOf(raw.charAt(i + 1)) >= 0) {
                    current.append(raw.charAt(++i));
                } else {
                    current.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inArgument) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else {
                inArgument = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < raw.length()) {
                    current.append(raw.charAt(++i));
                } else {
                    current.append(c);
                }
            }
        }
        // An unclosed quote is taken as closed at the end: a lenient reading beats refusing the run.
        if (inArgument) {
            args.add(current.toString());
        }
        return args;
    }
}
