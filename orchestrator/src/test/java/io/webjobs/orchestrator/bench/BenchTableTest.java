package io.webjobs.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The printed table keeps its columns in line, whatever the length of a figure's name. */
class BenchTableTest {

    @Test
    void shouldLineUpTheColumnsOfRowsWithLongNames() {
        BenchTable table = new BenchTable("runs", Map.of("runs", 1))
                .row("runs/s", 350, "runs/s", "raw ProcessBuilder, 4 at once", 500)
                .row("requests/run, produce webjobs-bench-0123456789abcdef-StreamThread-1-producer", 0.41, "req");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().skip(1).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> l.indexOf('|')).containsOnly(lines.get(0).indexOf('|'));
        assertThat(lines.get(2)).contains("StreamThread-1-producer").contains("0.41");
        assertThat(lines.get(1)).endsWith("0.70");
    }
}
