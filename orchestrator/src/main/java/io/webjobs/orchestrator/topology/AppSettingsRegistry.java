package io.webjobs.orchestrator.topology;

import io.webjobs.avro.AppSetting;
import io.webjobs.orchestrator.domain.AppSettings;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keeps app-wide settings in the global store {@value JobTopology#APP_SETTINGS_STORE}: every job task
 * needs them (WEBJOBS_STOPPED stops every job), and they are keyed by setting, not by job.
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
     * The settings the job decisions read (WEBJOBS_STOPPED): one point lookup, since it runs for every
     * record, every due timer and every fleet tick; nothing here scans the store.
     */
    static AppSettings forDecisions(ReadOnlyKeyValueStore<String, AppSetting> store) {
        AppSetting stopped = store.get(AppSettings.STOPPED_KEY);
        return stopped == null || stopped.getValue() == null ? AppSettings.NONE
                : new AppSettings(Map.of(AppSettings.STOPPED_KEY, stopped.getValue()));
    }
}
