package io.webjobs.orchestrator.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The schedule timers of one task, LittleHorse style: {@code schedule-timers} is keyed by
 * {@code {due epoch ms, 13 digits}/{job key}} so the due timers are one range scan from the start,
 * O(due) not O(jobs); {@code schedule-index} maps a job to its timer so a settings change can move it.
 * Both stores are changelogged, and written in the same exactly-once transaction as the tick's events,
 * so after a crash a tick is either fully done (timer moved, run requested) or not at all.
 */
final class ScheduleTimers {

    /** A due timer: the job and the occurrence it stands for. */
    record Due(String jobKey, Instant at) {
    }

    /**
     * The index entry holding what the timers were planned under ({@link io.webjobs.orchestrator.domain.schedule.SchedulePlan});
     * never a job key, since job names start with a letter or digit.
     */
    static final String PLAN_KEY = "#plan";

    private final KeyValueStore<String, String> timers;
    private final KeyValueStore<String, String> index;
    /**
     * Where the next due scan starts: no timer is due before it, so a punctuation before it scans nothing.
     * After a scan it is the next timer's due time, so a task whose next timer is minutes away costs a
     * comparison per punctuation, not a RocksDB iterator (a busy orchestrator looks every 20 ms per task).
     * Fired timers leave tombstones at the front of the store until RocksDB compacts them; starting every
     * scan at 0 would walk them all, every punctuation. A timer added before this point lowers it, and it
     * starts at 0 after a restart or rebalance, so nothing is skipped.
     */
    private long scanFrom;
    /**
     * The index, in memory and written through: it is read for every record of every job, most of which
     * have no schedule, and a RocksDB lookup of an absent key unwinds a C++ exception inside RocksDB.
     * Loaded from the store on first use; a new instance comes with every processor initialisation.
     */
    private Map<String, String> indexed;

    ScheduleTimers(KeyValueStore<String, String> timers, KeyValueStore<String, String> index) {
        this.timers = timers;
        this.index = index;
    }

    /** The timers due at or before {@code now}, oldest first, at most {@code limit} of them. */
    List<Due> due(Instant now, int limit) {
        List<Due> due = new ArrayList<>();
        if (now.toEpochMilli() < scanFrom) {
            return due;
        }
        try (KeyValueIterator<String, String> it = timers.range(timerKey(scanFrom, ""),
                timerKey(now.toEpochMilli(), "\uffff"))) {
            while (it.hasNext() && due.size() < limit) {
                KeyValue<String, String> entry = it.next();
                due.add(new Due(entry.value, Instant.ofEpochMilli(Long.parseLong(entry.key.substring(0, 13)))));
            }
        }
        // the timers returned are all moved or parked by the caller; whatever is left is due no earlier
        scanFrom = due.size() < limit ? firstDueAfter(now.toEpochMilli()) : due.get(due.size() - 1).at().toEpochMilli();
        return due;
    }

    /** The due time of the first timer after {@code millis}, or never; read forwards, past no tombstone. */
    private long firstDueAfter(long millis) {
        try (KeyValueIterator<String, String> it = timers.range(timerKey(millis + 1, ""), null)) {
            return it.hasNext() ? Long.parseLong(it.next().key.substring(0, 13)) : Long.MAX_VALUE;
        }
    }

    /** No timer is due before this (epoch ms): the next one's due time once a scan found it, lower before. */
    long notBefore() {
        return scanFrom;
    }

    /** The job's timer identity (schedule and zone) when it was set, if it has a timer. */
    Optional<String> identity(String jobKey) {
        String entry = indexed().get(jobKey);
        return entry == null ? Optional.empty() : Optional.of(entry.substring(entry.indexOf('/') + 1));
    }

    Optional<Instant> dueOf(String jobKey) {
        String entry = indexed().get(jobKey);
        return entry == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(entry.substring(0, 13))));
    }

    /** Moves the job's timer to {@code next}, or removes it when empty. */
    void set(String jobKey, Optional<Instant> next, String identity) {
        String entry = indexed().get(jobKey);
        if (entry != null) {
            removeTimer(Long.parseLong(entry.substring(0, 13)), jobKey);
        }
        if (next.isPresent()) {
            put(next.get().toEpochMilli(), jobKey);
            putIndex(jobKey, SortedKeys.number(next.get().toEpochMilli(), 13) + "/" + identity);
        } else if (entry != null) {
            index.delete(jobKey);
            indexed.remove(jobKey);
        }
    }

    /** Takes the job's timer out of the due range, keeping its due time and identity in the index. */
    void park(String jobKey) {
        dueOf(jobKey).ifPresent(due -> removeTimer(due.toEpochMilli(), jobKey));
    }

    /** Puts a parked timer back in the due range; true if it was parked. */
    boolean unpark(String jobKey) {
        Optional<Instant> due = dueOf(jobKey);
        if (due.isEmpty() || timers.get(timerKey(due.get().toEpochMilli(), jobKey)) != null) {
            return false;
        }
        put(due.get().toEpochMilli(), jobKey);
        return true;
    }

    /** A tombstone: {@code delete()} would read the timer back from RocksDB to return it, at every fire. */
    private void removeTimer(long dueMillis, String jobKey) {
        timers.put(timerKey(dueMillis, jobKey), null);
    }

    private void put(long dueMillis, String jobKey) {
        timers.put(timerKey(dueMillis, jobKey), jobKey);
        scanFrom = Math.min(scanFrom, dueMillis);
    }

    Optional<String> plan() {
        return Optional.ofNullable(indexed().get(PLAN_KEY));
    }

    void plan(String plan) {
        putIndex(PLAN_KEY, plan);
    }

    /** Every job with a timer, parked ones included (asked only when the app settings change). */
    List<String> jobKeys() {
        List<String> keys = new ArrayList<>(indexed().keySet());
        keys.remove(PLAN_KEY);
        Collections.sort(keys);
        return keys;
    }

    private void putIndex(String key, String entry) {
        index.put(key, entry);
        indexed().put(key, entry);
    }

    private Map<String, String> indexed() {
        if (indexed == null) {
            indexed = new HashMap<>();
            try (KeyValueIterator<String, String> it = index.all()) {
                it.forEachRemaining(entry -> indexed.put(entry.key, entry.value));
            }
        }
        return indexed;
    }

    static String timerKey(long dueMillis, String jobKey) {
        return SortedKeys.number(dueMillis, 13) + "/" + jobKey;
    }
}
