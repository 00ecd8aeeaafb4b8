package io.webjobs.orchestrator.api;

import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLine;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Kudu's log line: {@code [11/25/2026 07:14:28 > 0e1b2c: SYS INFO] Status changed to Running}. */
final class KuduLogFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private KuduLogFormat() {
    }

    static String format(List<LogBatch> batches) {
        StringBuilder text = new StringBuilder();
        for (LogBatch batch : batches) {
            String instance = batch.getRunnerId().length() > 6 ? batch.getRunnerId().substring(0, 6) : batch.getRunnerId();
            for (LogLine line : batch.getLines()) {
                text.append('[').append(TIME.format(line.getAt())).append(" > ").append(instance).append(": ")
                        .append(level(line)).append("] ").append(line.getText()).append('\n');
            }
        }
        return text.toString();
    }

    private static String level(LogLine line) {
        return switch (line.getLevel()) {
            case INFO -> "INFO";
            case ERR -> "ERR ";
            case SYS_INFO -> "SYS INFO";
            case SYS_ERR -> "SYS ERR ";
        };
    }
}
