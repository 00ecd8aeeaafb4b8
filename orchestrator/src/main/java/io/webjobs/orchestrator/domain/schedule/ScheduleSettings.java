package io.webjobs.orchestrator.domain.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * The schedule keys of a job's settings.job: {@code schedule} (NCrontab), and beyond Kudu
 * {@code time_zone} (IANA id), {@code misfire} ({@code skip | last | all}), {@code concurrency}
 * ({@code forbid | allow | replace}) and {@code schedule_enabled}. A bad value is refused when the
 * settings are deployed, so a stored job's settings always parse.
 */
public record ScheduleSettings(CronExpression cron, ZoneId timeZone, Misfire misfire, Concurrency concurrency,
        boolean enabled) {

    public static final ScheduleSettings NONE = new ScheduleSettings(null, null, Misfire.LAST, Concurrency.FORBID, true);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHE_SIZE = 16_384;
    private static final Map<String, ScheduleSettings> PARSED = new ConcurrentHashMap<>();

    /** What to do with occurrences that passed while nothing could fire them. */
    public enum Misfire { SKIP, LAST, ALL }

    /** What a tick does when the job's previous run is still active. */
    public enum Concurrency { FORBID, ALLOW, REPLACE }

    /** Parses the schedule keys; throws {@link InvalidCronException} with the reason for a bad value. */
    public static ScheduleSettings parse(String settingsJson) {
        JsonNode root;
        try {
            root = JSON.readTree(settingsJson == null ? "{}" : settingsJson);
        } catch (IOException e) {
            return NONE; // not JSON at all: the upload and settings routes refuse it before it gets here
        }
        if (root == null || !root.isObject()) {
            return NONE;
        }
        CronExpression cron = null;
        JsonNode schedule = root.get("schedule");
        if (schedule != null && !schedule.isNull()) {
            if (!schedule.isTextual()) {
                throw new InvalidCronException("The schedule must be a string such as \"0 */15 * * * *\".");
            }
            cron = CronExpression.parse(schedule.asText());
        }
        return new ScheduleSettings(cron, zone(root.get("time_zone")),
                choice(root.get("misfire"), "misfire", Misfire.class, Misfire.LAST),
                choice(root.get("concurrency"), "concurrency", Concurrency.class, Concurrency.FORBID),
                enabled(root.get("schedule_enabled")));
    }

    /** Why the settings cannot be accepted, if they cannot. */
    public static Optional<String> problem(String settingsJson) {
        try {
            parse(settingsJson);
            return Optional.empty();
        } catch (InvalidCronException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The settings of a stored job; they were validated on the way in, so a failure means "no schedule".
     * Memoized: every tick and run decision asks, and most jobs share a handful of settings documents.
     */
    public static ScheduleSettings of(String settingsJson) {
        String key = settingsJson == null ? "{}" : settingsJson;
        ScheduleSettings cached = PARSED.get(key);
        if (cached != null) {
            return cached;
        }
        ScheduleSettings parsed;
        try {
            parsed = parse(key);
        } catch (InvalidCronException e) {
            parsed = NONE;
        }
        if (PARSED.size() >= CACHE_SIZE) {
            PARSED.clear(); // crude bound; a miss only costs a parse
        }
        PARSED.put(key, parsed);
        return parsed;
    }

    public Optional<CronExpression> schedule() {
        return Optional.ofNullable(cron);
    }

    public ZoneId zone(ZoneId defaultZone) {
        return timeZone != null ? timeZone : defaultZone;
    }

    /** Identifies when the timer must be recomputed: the expression or the zone changed. */
    public String timerIdentity(ZoneId defaultZone) {
        return cron == null ? "" : cron + "|" + zone(defaultZone).getId();
    }

    private static ZoneId zone(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return ZoneId.of(node.asText());
        } catch (DateTimeException e) {
            throw new InvalidCronException("Invalid time_zone '" + node.asText() + "': expected an IANA zone id such as "
                    + "\"Europe/Paris\".");
        }
    }

    private static <E extends Enum<E>> E choice(JsonNode node, String key, Class<E> type, E fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, node.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E value : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(value.name().toLowerCase(Locale.ROOT));
            }
            throw new InvalidCronException("Invalid " + key + " '" + node.asText() + "': expected one of " + allowed + ".");
        }
    }

    private static boolean enabled(JsonNode node) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            throw new InvalidCronException("schedule_enabled must be true or false.");
        }
        return node.asBoolean();
    }
}
