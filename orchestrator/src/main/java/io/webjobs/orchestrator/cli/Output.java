package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What a command prints on stdout: readable text or a table by default, one JSON document with {@code --json}
 * for scripts. A picocli mixin, so every command spells, documents and honours the option the same way and no
 * command formats JSON by hand. It writes to the command line's out and err (stdout and stderr unless a caller
 * such as a test gives others), so nothing a command prints depends on who else writes to {@code System.out}.
 */
final class Output {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--json", description = "print JSON for scripts instead of text (one document; one object per line where the command streams)")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    boolean json() {
        return json;
    }

    /** The document as JSON, or the human text made from it (made only when it is printed). */
    void print(JsonNode document, Supplier<String> human) {
        String text = json ? pretty(document) : human.get();
        out().print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
        out().flush();
    }

    /**
     * One item of a stream (a log tail, an audit timeline): a compact JSON object per line (NDJSON), or its text.
     * Only the one printed is made: a stream can be millions of items.
     */
    void line(Supplier<JsonNode> item, Supplier<String> human) {
        out().println(json ? compact(item.get()) : human.get());
        out().flush();
    }

    /** A line only the text output has (progress while waiting); with --json stdout keeps its one document. */
    void textLine(String line) {
        if (!json) {
            out().println(line);
            out().flush();
        }
    }

    /** A line of text that is not the answer (progress, a warning): stderr, so stdout stays one JSON document. */
    void note(String line) {
        err().println(line);
        err().flush();
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    private PrintWriter err() {
        return command.commandLine().getErr();
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    static String pretty(JsonNode json) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new CliException("cannot print JSON: " + e.getMessage());
        }
    }

    private static String compact(JsonNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new CliException("cannot print JSON: " + e.getMessage());
        }
    }
}
