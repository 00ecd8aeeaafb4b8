package io.webjobs.orchestrator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The result of one benchmark: rows of the project's figure next to its baseline measured in the same
 * run, printed as a table and written as JSON.
 */
public final class BenchTable {

    /** One measured figure; {@code baseline} is NaN when the row has none. */
    public record Row(String figure, double value, String unit, String baselineName, double baseline) {
        double ratio() {
            return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : value / baseline;
        }
    }

    private final String bench;
    private final Map<String, Object> parameters;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public BenchTable(String bench, Map<String, Object> parameters) {
        this.bench = bench;
        this.parameters = new LinkedHashMap<>(parameters);
    }

    public BenchTable row(String figure, double value, String unit, String baselineName, double baseline) {
        rows.add(new Row(figure, value, unit, baselineName, baseline));
        return this;
    }

    public BenchTable row(String figure, double value, String unit) {
        return row(figure, value, unit, "", Double.NaN);
    }

    public BenchTable note(String note) {
        notes.add(note);
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public void print(PrintStream out) {
        out.printf("bench %s %s%n", bench, parameters);
        // columns as wide as their longest entry, so long figure names do not push a row's numbers out of line
        String line = "%-" + width(58, Row::figure) + "s %14s %-" + width(6, Row::unit) + "s | %-"
                + width(34, Row::baselineName) + "s %14s | %7s%n";
        out.printf(line, "figure", "webjobs", "unit", "baseline", "value", "ratio");
        for (Row r : rows) {
            out.printf(line, r.figure(), number(r.value()), r.unit(), r.baselineName(), number(r.baseline()),
                    Double.isNaN(r.ratio()) ? "" : String.format("%.2f", r.ratio()));
        }
        notes.forEach(n -> out.println("note: " + n));
        out.flush();
    }

    private int width(int least, Function<Row, String> column) {
        return rows.stream().mapToInt(r -> column.apply(r).length()).reduce(least, Math::max);
    }

    public void write(Path file, Instant at) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", bench);
        json.put("at", at.toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("java", System.getProperty("java.version"));
        json.put("parameters", parameters);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("figure", r.figure());
            row.put("value", r.value());
            row.put("unit", r.unit());
            if (!Double.isNaN(r.baseline())) {
                row.put("baseline", r.baselineName());
                row.put("baselineValue", r.baseline());
                row.put("ratio", r.ratio());
            }
            list.add(row);
        }
        json.put("rows", list);
        json.put("notes", notes);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 100 || v == Math.rint(v) ? String.format("%,.0f", v) : String.format("%.2f", v);
    }

    /** The p-th percentile (0..100) of {@code values} in their unit; NaN when empty. */
    public static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
