package io.webjobs.orchestrator.topology;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * One wall-clock punctuation of a task whose pace can change: every tick while there is work, or once after
 * a delay while there is none. Streams commits a task after any punctuation, work or not, so a punctuation
 * every 20 ms meant an empty exactly-once transaction at every commit interval of an idle orchestrator.
 * Cancelling and scheduling again from inside the punctuation is allowed (Streams checks the schedule's
 * cancel flag before it requeues it).
 */
final class Alarm {

    private final ProcessorContext<?, ?> context;
    private final Duration tick;
    private final Punctuator punctuator;
    private Cancellable scheduled;
    private boolean ticking;
    /** While it rests: when it punctuates next (epoch ms). */
    private long restsUntilMs;

    Alarm(ProcessorContext<?, ?> context, Duration tick, Punctuator punctuator) {
        this.context = context;
        this.tick = tick;
        this.punctuator = punctuator;
    }

    /**
     * Punctuates every tick from now on; nothing changes if it already does, or rests less than a tick (it is
     * about to punctuate and choose its pace: moved, it would miss that punctuation).
     */
    void tick() {
        if (ticking || scheduled != null && restsUntilMs <= context.currentSystemTimeMs() + tick.toMillis()) {
            return;
        }
        schedule(tick);
        ticking = true;
    }

    /** Punctuates {@code delay} from now, where the punctuator sets the next pace (else it repeats at that delay). */
    void rest(Duration delay) {
        schedule(delay);
        ticking = false;
        restsUntilMs = context.currentSystemTimeMs() + delay.toMillis();
    }

    private void schedule(Duration interval) {
        if (scheduled != null) {
            scheduled.cancel();
        }
        scheduled = context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, punctuator);
    }
}
