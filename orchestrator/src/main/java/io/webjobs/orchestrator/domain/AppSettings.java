package io.webjobs.orchestrator.domain;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunJob;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * App-wide settings (Kudu's app settings), changed at runtime through {@code webjobs.app-settings}. The
 * built-in ones change what every job may do: {@code WEBJOBS_STOPPED=1} stops every job,
 * {@code WEBJOBS_DISABLE_SCHEDULE=1} skips every schedule tick, {@code WEBSITE_TIME_ZONE} is the zone of
 * schedules without their own, {@code WEBJOBS_HISTORY_SIZE} the runs kept per job and
 * {@code WEBJOBS_IDLE_TIMEOUT} the idle timeout of new runs. A built-in setting that is absent (or, written
 * around the API, invalid) leaves the orchestrator's start-up option in force. Every setting, built-in or
 * not, is given to job processes as an environment variable, as Azure does.
 */
public record AppSettings(Map<String, String> values) {

    public static final String STOPPED_KEY = "WEBJOBS_STOPPED";
    public static final String DISABLE_SCHEDULE_KEY = "WEBJOBS_DISABLE_SCHEDULE";
    public static final String TIME_ZONE_KEY = "WEBSITE_TIME_ZONE";
    public static final String HISTORY_SIZE_KEY = "WEBJOBS_HISTORY_SIZE";
    public static final String IDLE_TIMEOUT_KEY = "WEBJOBS_IDLE_TIMEOUT";
    /** The settings the orchestrator itself reads. */
    public static final List<String> BUILT_IN = List.of(STOPPED_KEY, DISABLE_SCHEDULE_KEY, TIME_ZONE_KEY,
            HISTORY_SIZE_KEY, IDLE_TIMEOUT_KEY);
    /** Set by the runner for each process; an app setting of that name would be overwritten, so it is refused. */
    public static final Set<String> PER_RUN = Set.of("WEBJOBS_NAME", "WEBJOBS_TYPE", "WEBJOBS_RUN_ID", "WEBJOBS_PATH",
            "WEBJOBS_DATA_PATH", "WEBJOBS_COMMAND_ARGUMENTS", "WEBJOBS_SHUTDOWN_FILE", "WEBJOBS_PORT");
    public static final String STOPPED_MESSAGE = "WebJobs are currently in \"stopped\" state.";
    public static final AppSettings NONE = new AppSettings(Map.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_NAME = 256;
    private static final int MAX_VALUE = 32 * 1024;
    /** Every event rewrites the job's snapshot with its whole history: more runs than this would stall the topology. */
    public static final int MAX_HISTORY_SIZE = 10_000;
    /** A year: past it an idle timeout is no timeout, and seconds still fit the run request's int. */
    public static final int MAX_IDLE_TIMEOUT = 365 * 24 * 3600;

    public AppSettings {
        values = Map.copyOf(values);
    }

    /** "1" or "true", as Kudu reads it. */
    public boolean webJobsStopped() {
        return flag(values.get(STOPPED_KEY));
    }

    /** The schedule rules in force: the start-up ones, overridden by WEBJOBS_DISABLE_SCHEDULE and WEBSITE_TIME_ZONE. */
    public ScheduleRules scheduleRules(ScheduleRules startUp) {
        String disable = values.get(DISABLE_SCHEDULE_KEY);
        boolean disabled = disable == null || flagProblem(disable).isPresent() ? startUp.disabled() : flag(disable);
        ZoneId zone = zone(values.get(TIME_ZONE_KEY)).orElse(startUp.defaultZone());
        return disabled == startUp.disabled() && zone.equals(startUp.defaultZone()) ? startUp
                : new ScheduleRules(disabled, zone, startUp.tickEvery());
    }

    /** The job rules in force: the start-up ones, overridden by WEBJOBS_HISTORY_SIZE and WEBJOBS_IDLE_TIMEOUT. */
    public JobRules jobRules(JobRules startUp) {
        int history = positive(values.get(HISTORY_SIZE_KEY), MAX_HISTORY_SIZE).orElse(startUp.historySize());
        int idle = positive(values.get(IDLE_TIMEOUT_KEY), MAX_IDLE_TIMEOUT).orElse(startUp.idleTimeoutSeconds());
        return history == startUp.historySize() && idle == startUp.idleTimeoutSeconds() ? startUp
                : new JobRules(history, idle);
    }

    /**
     * The environment a job process gets: every setting as set, the built-in ones included (Azure passes
     * all app settings; a script may want to know WEBSITE_TIME_ZONE). Names that are not valid variable
     * names (possible only around the API) are left out.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        values.forEach((name, value) -> {
            if (nameProblem(name).isEmpty() && value != null && value.indexOf('\0') < 0) {
                env.put(name, value);
            }
        });
        return env;
    }

    /** The effective value of every built-in setting, then the other settings as set: what GET shows. */
    public Map<String, String> effective(ScheduleRules scheduleStartUp, JobRules jobStartUp) {
        ScheduleRules schedule = scheduleRules(scheduleStartUp);
        JobRules jobs = jobRules(jobStartUp);
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put(STOPPED_KEY, webJobsStopped() ? "1" : "0");
        shown.put(DISABLE_SCHEDULE_KEY, schedule.disabled() ? "1" : "0");
        shown.put(TIME_ZONE_KEY, schedule.defaultZone().getId());
        shown.put(HISTORY_SIZE_KEY, Integer.toString(jobs.historySize()));
        shown.put(IDLE_TIMEOUT_KEY, Integer.toString(jobs.idleTimeoutSeconds()));
        new TreeMap<>(values).forEach((name, value) -> {
            if (!BUILT_IN.contains(name)) {
                shown.put(name, value);
            }
        });
        return shown;
    }

    /** Why {@code name} cannot be an app setting, if it cannot. */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("A setting name must not be empty.");
        }
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            return Optional.of("Setting name '" + name + "' is not a valid environment variable name: use letters, "
                    + "digits and '_', not starting with a digit, at most " + MAX_NAME + " characters.");
        }
        if (PER_RUN.contains(name.toUpperCase(java.util.Locale.ROOT))) {
            return Optional.of("Setting name '" + name + "' is reserved: the runner sets it for each run.");
        }
        return Optional.empty();
    }

    /** Why {@code name=value} cannot be set, if it cannot; a null value (removal) is fine for any valid name. */
    public static Optional<String> problem(String name, String value) {
        Optional<String> nameProblem = nameProblem(name);
        if (nameProblem.isPresent() || value == null) {
            return nameProblem;
        }
        if (value.length() > MAX_VALUE || value.indexOf('\0') >= 0) {
            return Optional.of("Setting '" + name + "' must be at most " + MAX_VALUE
                    + " characters without NUL characters (it becomes an environment variable).");
        }
        return switch (name) {
            case STOPPED_KEY, DISABLE_SCHEDULE_KEY -> flagProblem(value).map(p -> "Setting '" + name + "' " + p);
            case TIME_ZONE_KEY -> zone(value).isPresent() ? Optional.empty()
                    : Optional.of("Setting '" + name + "' must be an IANA time zone id such as 'Europe/Paris' or "
                            + "'UTC', not '" + value + "'.");
            case HISTORY_SIZE_KEY -> positive(value, MAX_HISTORY_SIZE).isPresent() ? Optional.empty()
                    : Optional.of("Setting '" + name + "' must be a positive whole number of runs, at most "
                            + MAX_HISTORY_SIZE + ", not '" + value + "'.");
            case IDLE_TIMEOUT_KEY -> positive(value, MAX_IDLE_TIMEOUT).isPresent() ? Optional.empty()
                    : Optional.of("Setting '" + name + "' must be a positive whole number of seconds, at most "
                            + MAX_IDLE_TIMEOUT + ", not '" + value + "'.");
            default -> Optional.empty();
        };
    }

    /** A refusal of the command under these settings, or empty when the job's own rules decide. */
    public Optional<List<JobEvent>> refusal(JobCommand command, Instant now) {
        if (command.getPayload() instanceof RunJob && webJobsStopped()) {
            String cause = command.getCommandId();
            return Optional.of(List.of(new JobEvent(cause + "/0", command.getJobName(), now, cause,
                    command.getIssuedBy(), new CommandRejected(cause, RejectionCode.STOPPED, STOPPED_MESSAGE),
                    command.getCorrelationId())));
        }
        return Optional.empty();
    }

    private static boolean flag(String value) {
        return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
    }

    private static Optional<String> flagProblem(String value) {
        String v = value.strip();
        return v.equals("0") || v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")
                ? Optional.empty() : Optional.of("must be 1, true, 0 or false, not '" + value + "'.");
    }

    private static Optional<ZoneId> zone(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(value.strip()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> positive(String value, int max) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(value.strip());
            return n > 0 && n <= max ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
