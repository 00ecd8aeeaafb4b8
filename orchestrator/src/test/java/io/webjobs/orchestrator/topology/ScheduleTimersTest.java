package io.webjobs.orchestrator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.orchestrator.topology.ScheduleTimers.Due;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The timers of one task on in-memory stores: the due scan, set / move / drop, park / unpark. */
class ScheduleTimersTest {

    private static final Instant T0 = Instant.parse("2026-11-25T07:20:00Z");

    private KeyValueStore<String, String> timerStore;
    private KeyValueStore<String, String> index;
    /** The first key of every range scan of the timer store, in order. */
    private final List<String> scannedFrom = new ArrayList<>();
    private ScheduleTimers timers;

    @BeforeEach
    void openTheStores() {
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        timerStore = store(context, JobTopology.TIMER_STORE);
        index = store(context, JobTopology.TIMER_INDEX_STORE);
        timers = new ScheduleTimers(recordingScans(timerStore), index);
    }

    @Test
    void shouldReturnTheDueTimersOldestFirstAndNoneThatIsNotDue() {
        timers.set("b", Optional.of(T0.plusSeconds(2)), "s");
        timers.set("a", Optional.of(T0.plusSeconds(1)), "s");
        timers.set("c", Optional.of(T0.plusSeconds(3)), "s");

        assertThat(timers.due(T0, 10)).isEmpty();
        assertThat(timers.due(T0.plusSeconds(2), 10)).containsExactly(new Due("a", T0.plusSeconds(1)),
                new Due("b", T0.plusSeconds(2)));
    }

    @Test
    void shouldStartTheNextScanAfterTheTimersAlreadyHandled() {
        timers.set("a", Optional.of(T0), "s");
        timers.set("b", Optional.of(T0.plusSeconds(60)), "s");
        assertThat(timers.due(T0.plusMillis(20), 10)).containsExactly(new Due("a", T0));
        timers.set("a", Optional.of(T0.plusSeconds(10)), "s"); // the caller moves what fired

        assertThat(timers.due(T0.plusMillis(40), 10)).isEmpty();
        assertThat(timers.due(T0.plusSeconds(10), 10)).containsExactly(new Due("a", T0.plusSeconds(10)));

        // each due scan is followed by a look for the next timer (b, then a once moved before it)
        assertThat(scannedFrom).containsExactly(ScheduleTimers.timerKey(0, ""),
                ScheduleTimers.timerKey(T0.plusMillis(21).toEpochMilli(), ""),
                ScheduleTimers.timerKey(T0.plusSeconds(10).toEpochMilli(), ""),
                ScheduleTimers.timerKey(T0.plusSeconds(10).plusMillis(1).toEpochMilli(), ""));
    }

    @Test
    void shouldNotScanAtAllBeforeTheLastScannedTime() {
        timers.set("a", Optional.of(T0.plusSeconds(10)), "s");
        timers.due(T0.plusSeconds(5), 10);

        assertThat(timers.due(T0.plusSeconds(4), 10)).isEmpty();
        assertThat(scannedFrom).hasSize(2); // the due scan, and the look for the next timer
    }

    @Test
    void shouldNotScanWhileTheNextTimerIsNotDue() {
        timers.set("a", Optional.of(T0.plusSeconds(60)), "s");
        timers.due(T0, 10);
        int scans = scannedFrom.size();

        // an idle task punctuates every 20 ms: a minute of it reads the store no more
        for (int ms = 20; ms < 60_000; ms += 20) {
            assertThat(timers.due(T0.plusMillis(ms), 10)).isEmpty();
        }

        assertThat(scannedFrom).hasSize(scans);
        assertThat(timers.due(T0.plusSeconds(60), 10)).containsExactly(new Due("a", T0.plusSeconds(60)));
    }

    @Test
    void shouldScanAgainOnlyOnceATimerIsSetWhenThereWasNone() {
        assertThat(timers.due(T0, 10)).isEmpty();
        int scans = scannedFrom.size();
        assertThat(timers.due(T0.plusSeconds(5), 10)).isEmpty();
        assertThat(scannedFrom).hasSize(scans);

        timers.set("new", Optional.of(T0.plusSeconds(7)), "s");

        assertThat(timers.due(T0.plusSeconds(6), 10)).isEmpty();
        assertThat(timers.due(T0.plusSeconds(7), 10)).containsExactly(new Due("new", T0.plusSeconds(7)));
    }

    @Test
    void shouldFindATimerSetBehindTheScanStart() {
        timers.set("a", Optional.of(T0.plusSeconds(60)), "s");
        assertThat(timers.due(T0.plusSeconds(30), 10)).isEmpty();

        timers.set("late", Optional.of(T0.plusSeconds(5)), "s"); // before the last scan, e.g. a re-plan

        assertThat(timers.due(T0.plusSeconds(30), 10)).containsExactly(new Due("late", T0.plusSeconds(5)));
    }

    @Test
    void shouldHandAFullBurstOverSeveralScansWithoutLosingTimersDueInTheSameMillisecond() {
        for (String job : List.of("a", "b", "c", "d", "e")) {
            timers.set(job, Optional.of(T0), "s");
        }
        Instant now = T0.plusMillis(20);

        List<Due> first = timers.due(now, 2);
        first.forEach(d -> timers.set(d.jobKey(), Optional.of(T0.plusSeconds(10)), "s"));
        List<Due> second = timers.due(now, 2);
        second.forEach(d -> timers.set(d.jobKey(), Optional.of(T0.plusSeconds(10)), "s"));
        List<Due> third = timers.due(now, 2);
        third.forEach(d -> timers.set(d.jobKey(), Optional.of(T0.plusSeconds(10)), "s"));

        assertThat(first).extracting(Due::jobKey).containsExactly("a", "b");
        assertThat(second).extracting(Due::jobKey).containsExactly("c", "d");
        assertThat(third).extracting(Due::jobKey).containsExactly("e");
        assertThat(timers.due(now, 2)).isEmpty();
    }

    @Test
    void shouldMoveATimerAndKeepOnlyItsNewDueTime() {
        timers.set("a", Optional.of(T0), "0 0 * * * *|UTC");

        timers.set("a", Optional.of(T0.plusSeconds(10)), "*/10 * * * * *|UTC");

        assertThat(timers.dueOf("a")).contains(T0.plusSeconds(10));
        assertThat(timers.identity("a")).contains("*/10 * * * * *|UTC");
        assertThat(timers.due(T0.plusSeconds(9), 10)).isEmpty();
        assertThat(timers.due(T0.plusSeconds(10), 10)).containsExactly(new Due("a", T0.plusSeconds(10)));
        assertThat(timerStore.approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void shouldDropATimerAndItsIndexEntry() {
        timers.set("a", Optional.of(T0), "s");

        timers.set("a", Optional.empty(), "");

        assertThat(timers.dueOf("a")).isEmpty();
        assertThat(timers.identity("a")).isEmpty();
        assertThat(timers.due(T0.plusSeconds(1), 10)).isEmpty();
        assertThat(timerStore.approximateNumEntries()).isZero();
        assertThat(index.approximateNumEntries()).isZero();
        timers.set("never-set", Optional.empty(), ""); // dropping what is not there is a no-op
        assertThat(index.approximateNumEntries()).isZero();
    }

    @Test
    void shouldKeepAParkedTimerOutOfTheDueRangeUntilItIsUnparked() {
        timers.set("a", Optional.of(T0), "s");

        timers.park("a");

        assertThat(timers.due(T0.plusSeconds(60), 10)).isEmpty();
        assertThat(timers.dueOf("a")).contains(T0);
        assertThat(timers.identity("a")).contains("s");
        assertThat(timers.jobKeys()).containsExactly("a");

        assertThat(timers.unpark("a")).isTrue();
        assertThat(timers.unpark("a")).as("already back").isFalse();
        assertThat(timers.due(T0.plusSeconds(60), 10)).containsExactly(new Due("a", T0));
    }

    @Test
    void shouldNotUnparkATimerThatIsNotParkedOrDoesNotExist() {
        timers.set("a", Optional.of(T0), "s");

        assertThat(timers.unpark("a")).isFalse();
        assertThat(timers.unpark("nobody")).isFalse();
        assertThat(timerStore.approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void shouldKeepThePlanApartFromTheJobs() {
        timers.set("a", Optional.of(T0), "s");

        timers.plan("UTC|enabled");

        assertThat(timers.plan()).contains("UTC|enabled");
        assertThat(timers.jobKeys()).containsExactly("a");
    }

    private static KeyValueStore<String, String> store(MockProcessorContext<String, String> context, String name) {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** The store, recording where each range scan starts. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<String, String> recordingScans(KeyValueStore<String, String> store) {
        return (KeyValueStore<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("range")) {
                        scannedFrom.add((String) args[0]);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
