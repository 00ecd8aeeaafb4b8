package io.webjobs.orchestrator.topology;

import io.webjobs.avro.AppSetting;
import io.webjobs.orchestrator.domain.AppSettings;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.domain.schedule.ScheduledTicks;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The rules a task applies right now: the orchestrator's start-up options, overridden by the app settings
 * of the global store {@value JobTopology#APP_SETTINGS_STORE}. Read afresh for each record and punctuation
 * ({@link #refresh}), so a PUT of a setting takes effect without a restart; within one they are read once,
 * though the decision, the fold of each appended job and the scheduler all ask (a punctuation firing
 * 2,000 due timers asked 2,000 times).
 */
final class SettingsInForce {

    private final ReadOnlyKeyValueStore<String, AppSetting> store;
    private final JobRules jobStartUp;
    private final ScheduleRules scheduleStartUp;

    SettingsInForce(ReadOnlyKeyValueStore<String, AppSetting> store, JobRules jobStartUp,
            ScheduleRules scheduleStartUp) {
        this.store = store;
        this.jobStartUp = jobStartUp;
        this.scheduleStartUp = scheduleStartUp;
    }

    private AppSettings builtIn;

    /** Reads the settings again: at the start of every record and punctuation. */
    void refresh() {
        builtIn = AppSettingsRegistry.forDecisions(store);
    }

    AppSettings builtIn() {
        if (builtIn == null) {
            refresh();
        }
        return builtIn;
    }

    JobRules jobRules() {
        return builtIn().jobRules(jobStartUp);
    }

    /** The fold with the history size in force: a smaller one prunes a job's history at its next run. */
    JobFold fold() {
        return new JobFold(jobRules());
    }

    ScheduleRules scheduleRules() {
        return builtIn().scheduleRules(scheduleStartUp);
    }

    ScheduledTicks ticks() {
        return ticks(scheduleRules());
    }

    ScheduledTicks ticks(ScheduleRules rules) {
        return new ScheduledTicks(fold(), rules);
    }

    /** The environment of a process launched now; scans the store, so asked only at a launch. */
    Supplier<Map<String, String>> environment() {
        return new Supplier<>() {
            private Map<String, String> env;

            @Override
            public Map<String, String> get() {
                if (env == null) {
                    env = AppSettingsRegistry.all(store).environment();
                }
                return env;
            }
        };
    }
}
