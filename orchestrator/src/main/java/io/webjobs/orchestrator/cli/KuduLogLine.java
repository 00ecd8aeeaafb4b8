package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a job's log as the server writes it, {@code [11/25/2026 07:14:28 > 0e1b2c: SYS INFO] text}, read
 * back into fields for {@code logs --json}; a line in no such shape keeps its text as the message.
 */
record KuduLogLine(String time, String instance, String level, String message) {

    private static final Pattern SHAPE = Pattern.compile("^\\[(\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}) > ([^:]*): ([A-Z ]+?) ?\\] (.*)$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

    static KuduLogLine parse(String line) {
        Matcher m = SHAPE.matcher(line);
        if (!m.matches()) {
            return new KuduLogLine(null, null, null, line);
        }
        String time;
        try {
            // the server writes UTC; scripts get an ISO-8601 instant like every other time in the JSON
            time = LocalDateTime.parse(m.group(1), TIME).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return new KuduLogLine(null, null, null, line);
        }
        return new KuduLogLine(time, m.group(2), m.group(3).strip(), m.group(4));
    }

    ObjectNode json() {
        return Output.object().put("time", time).put("instance", instance).put("level", level).put("message", message);
    }
}
