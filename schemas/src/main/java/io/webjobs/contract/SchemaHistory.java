package io.webjobs.contract;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The released versions of the contract's top-level schemas (files listed in {@code history/index.txt})
 * and the rule every new version must keep: the current schema, as a reader, reads every record a
 * released version wrote. The build checks it ({@code SchemaCompatibilityTest}).
 */
public final class SchemaHistory {

    /** One released version: its file name and schema. */
    public record Released(String file, Schema schema) {
    }

    private SchemaHistory() {
    }

    public static List<Released> released() {
        List<Released> all = new ArrayList<>();
        for (String file : AvroSerde.historyIndex()) {
            all.add(new Released(file, new Schema.Parser().parse(AvroSerde.readResource(AvroSerde.HISTORY + file))));
        }
        return all;
    }

    /** Why {@code reader} cannot read what {@code writer} wrote; empty when it can. */
    public static List<String> incompatibilities(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Incompatibility i : result.getResult().getIncompatibilities()) {
            problems.add(i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
        }
        return problems.isEmpty() ? List.of(result.getDescription()) : problems;
    }
}
