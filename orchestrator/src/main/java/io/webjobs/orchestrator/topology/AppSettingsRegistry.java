package io.webjobs.orchestrator.topology;

import io.webjobs.avro.AppSetting;
import io.webjobs.orchestrator.domain.AppSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keeps app-wide settings in the global store {@value JobTopology#APP_SETTINGS_STORE}: every job task
 * needs them (WEBJOBS_STOPPED stops every job, user settings go to every process), and they are keyed by setting, not by job.
 */
final class AppSettingsRegistry implements Processor<String, AppSetting, Void, Void> {

    private KeyValueStore<String, AppSetting> settings;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.settings = context.getStateStore(JobTopology.APP_SETTINGS_STORE);
    }

    @Override
    public void process(Record<String, AppSetting> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null || record.value().getValue() == null) {
            settings.delete(record.key());
        } else {
            settings.put(record.key(), record.value());
        }
    }

    /**
     * The settings the job decisions read (the built-in ones): one point lookup each, since it runs for
     * every record, every due timer and every fleet tick; nothing here scans the store.
     */
    static AppSettings forDecisions(ReadOnlyKeyValueStore<String, AppSetting> store) {
        Map<String, String> values = new HashMap<>();
        for (String name : AppSettings.BUILT_IN) {
            AppSetting setting = store.get(name);
            if (setting != null && setting.getValue() != null) {
                values.put(name, setting.getValue());
            }
        }
        return values.isEmpty() ? AppSettings.NONE : new AppSettings(values);
    }

    /** Every setting: a scan of the (small) store, done only when a process is launched. */
    static AppSettings all(ReadOnlyKeyValueStore<String, AppSetting> store) {
        Map<String, String> values = new HashMap<>();
        try (KeyValueIterator<String, AppSetting> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.getValue() != null) {
                    values.put(kv.key, kv.value.getValue());
                }
            });
        }
        return new AppSettings(values);
    }
}
