package io.webjobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * The build's schema gate: the current version of every top-level type must read every released
 * version of it (history/index.txt). A failure here means a change broke old records: add fields with
 * defaults and union branches at the end instead.
 */
class SchemaCompatibilityTest {

    @Test
    void shouldReadEveryReleasedVersionWithTheCurrentSchema() throws Exception {
        List<String> problems = new ArrayList<>();
        List<SchemaHistory.Released> released = SchemaHistory.released();
        for (SchemaHistory.Released version : released) {
            Schema current = SpecificData.get().getSchema(Class.forName(version.schema().getFullName()));
            SchemaHistory.incompatibilities(current, version.schema())
                    .forEach(p -> problems.add(version.file() + ": " + p));
        }

        assertThat(released).extracting(SchemaHistory.Released::file).contains("JobEvent-v1.avsc",
                "JobEvent-v2.avsc", "JobCommand-v1.avsc", "RunRequest-v1.avsc", "RunnerReport-v1.avsc",
                "LogBatch-v1.avsc", "RunnerHeartbeat-v1.avsc", "ArtifactChunk-v1.avsc", "JobSnapshot-v1.avsc");
        assertThat(problems).as("incompatible schema changes").isEmpty();
    }

    @Test
    void shouldReportAFieldAddedWithoutADefaultAsIncompatible() {
        Schema released = SchemaBuilder.record("Thing").fields().requiredString("id").endRecord();
        Schema changed = SchemaBuilder.record("Thing").fields().requiredString("id").requiredString("owner")
                .endRecord();

        assertThat(SchemaHistory.incompatibilities(changed, released)).singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT").contains("owner");
    }

    @Test
    void shouldReportARemovedUnionBranchAsIncompatible() throws Exception {
        Schema released = SchemaHistory.released().stream().filter(r -> r.file().equals("JobEvent-v1.avsc"))
                .findFirst().orElseThrow().schema();
        Schema current = SpecificData.get().getSchema(Class.forName(released.getFullName()));
        Schema payload = current.getField("payload").schema();
        // Drop the first branch (JobDeployed): every released version has it, whatever is appended later.
        Schema withoutLast = Schema.createUnion(payload.getTypes().subList(1, payload.getTypes().size()));
        List<Schema.Field> fields = current.getFields().stream()
                .map(f -> new Schema.Field(f.name(), f.name().equals("payload") ? withoutLast : f.schema(), f.doc(),
                        f.defaultVal()))
                .toList();
        Schema broken = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);

        assertThat(SchemaHistory.incompatibilities(broken, released)).isNotEmpty()
                .anySatisfy(p -> assertThat(p).contains("MISSING_UNION_BRANCH"));
    }

    @Test
    void shouldAcceptAFieldAddedWithADefault() {
        Schema released = SchemaBuilder.record("Thing").fields().requiredString("id").endRecord();
        Schema changed = SchemaBuilder.record("Thing").fields().requiredString("id")
                .name("correlationId").type().unionOf().nullType().and().stringType().endUnion().nullDefault()
                .endRecord();

        assertThat(SchemaHistory.incompatibilities(changed, released)).isEmpty();
    }
}
