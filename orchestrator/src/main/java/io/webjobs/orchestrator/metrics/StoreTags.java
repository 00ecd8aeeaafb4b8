package io.webjobs.orchestrator.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka Streams names a state store's tag after the store's kind ({@code rocksdb.state.id},
 * {@code rocksdb.window.state.id}, {@code in.memory.state.id}), so a metric both kinds report (the oldest
 * open iterator's age, say) comes with two sets of tag keys. Prometheus takes one set per name and refused
 * the second kind's meters with a warning at every start: those stores were missing from {@code /metrics}.
 * Here every store's tag is {@code store}, its name. One tag for one: Micrometer's Kafka binder skips a
 * metric when a meter of the same name has more tags, so a second tag (the kind) hid all stores but one.
 */
final class StoreTags implements MeterFilter {

    private static final String STATE_METRICS = "kafka.stream.state";
    private static final String SUFFIX = ".state.id";

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith(STATE_METRICS)) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        boolean renamed = false;
        for (Tag tag : id.getTagsAsIterable()) {
            String key = tag.getKey().replace('-', '.');
            if (key.endsWith(SUFFIX)) {
                tags.add(Tag.of("store", tag.getValue()));
                renamed = true;
            } else {
                tags.add(tag);
            }
        }
        return renamed ? id.replaceTags(tags) : id;
    }
}
