package io.webjobs.runner;

import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLevel;
import io.webjobs.avro.LogLine;
import io.webjobs.contract.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships run output to {@code webjobs.logs} in batches: every 100 ms, or at once when a run has 200
 * lines (or 256 KiB) waiting, so a chatty job does not send a record per line and a quiet one is
 * still seen live. Batches of a run carry a sequence from 0, so a reader can order and de-duplicate.
 *
 * <p>{@link #append} never waits for Kafka: it is called by the threads that read the job's output, and a
 * producer blocked by an unreachable broker (up to {@code max.block.ms}) must neither stall the job on a full
 * pipe nor make it look idle. Lines wait here instead, up to {@value #MAX_PENDING_CHARS} characters a run;
 * beyond that they are counted, dropped, and the log says how many.
 */
public final class KafkaLogShipper implements LogSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLogShipper.class);
    static final int MAX_LINES = 200;
    static final long INTERVAL_MILLIS = 100;
    /** Keeps a batch well under the broker's 1 MiB record limit. */
    static final int MAX_BATCH_CHARS = 256 * 1024;
    static final int MAX_LINE_CHARS = 64 * 1024;
    static final int MAX_PENDING_CHARS = 16 * MAX_BATCH_CHARS;

    private final Producer<String, byte[]> producer;
    private final String runnerId;
    private final Map<String, RunLog> runs = new HashMap<>();
    private final ScheduledExecutorService ticker;
    /** One shipper at a time (the ticker, or a run's {@link #end}), so a run's batches leave in sequence order. */
    private final Object shipping = new Object();
    private final AtomicBoolean shipSoon = new AtomicBoolean();

    private final RunCorrelations correlations;

    /** {@code producer} is shared and not closed here. */
    public KafkaLogShipper(Producer<String, byte[]> producer, String runnerId) {
        this(producer, runnerId, new RunCorrelations());
    }

    public KafkaLogShipper(Producer<String, byte[]> producer, String runnerId, RunCorrelations correlations) {
        this.producer = producer;
        this.runnerId = runnerId;
        this.correlations = correlations;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "log-shipper");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::sendAll, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void append(String jobName, String runId, LogLine line) {
        if (line.getText().length() > MAX_LINE_CHARS) {
            line = new LogLine(line.getAt(), line.getLevel(), line.getText().substring(0, MAX_LINE_CHARS) + "…");
        }
        RunLog run = runs.computeIfAbsent(Topics.logKey(jobName, runId), k -> new RunLog(jobName, runId,
                correlations.of(jobName, runId)));
        if (run.pendingChars >= MAX_PENDING_CHARS) {
            if (run.dropped++ == 0) {
                run.firstDroppedAt = line.getAt();
            }
            return;
        }
        run.pending.add(line);
        run.pendingChars += line.getText().length();
        boolean full = run.pending.size() >= MAX_LINES || run.pendingChars >= MAX_BATCH_CHARS;
        if (full && shipSoon.compareAndSet(false, true)) {
            try {
                ticker.execute(this::sendAll);
            } catch (RejectedExecutionException closed) {
                shipSoon.set(false); // closing: close() flushes what is pending
            }
        }
    }

    /**
     * Sends what is pending for the run and forgets it: its log is complete. Not waited for here: the run's
     * final report, sent next through the same producer, leaves with it or after it (see {@link LogSink#end}).
     */
    @Override
    public void end(String jobName, String runId) {
        synchronized (shipping) {
            List<LogBatch> batches;
            synchronized (this) {
                RunLog run = runs.remove(Topics.logKey(jobName, runId));
                batches = run == null ? List.of() : take(run);
            }
            batches.forEach(this::send);
        }
    }

    /** Sends everything pending and blocks until the broker has it. */
    public void flush() {
        sendAll();
        producer.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        flush();
    }

    private void sendAll() {
        synchronized (shipping) {
            shipSoon.set(false);
            List<LogBatch> batches = new ArrayList<>();
            synchronized (this) {
                runs.values().forEach(run -> batches.addAll(take(run)));
            }
            try {
                batches.forEach(this::send);
            } catch (RuntimeException e) {
                LOG.warn("cannot ship logs", e);
            }
        }
    }

    /** The run's pending lines as batches within the record limits: several when the broker kept them waiting. */
    private List<LogBatch> take(RunLog run) {
        if (run.dropped > 0) {
            run.pending.add(new LogLine(run.firstDroppedAt, LogLevel.SYS_ERR, run.dropped
                    + " line(s) of output dropped here: Kafka did not take the log in time"));
            run.dropped = 0;
        }
        List<LogBatch> batches = new ArrayList<>();
        List<LogLine> lines = new ArrayList<>();
        long chars = 0;
        for (LogLine line : run.pending) {
            if (!lines.isEmpty() && (lines.size() >= MAX_LINES || chars + line.getText().length() > MAX_BATCH_CHARS)) {
                batches.add(new LogBatch(run.jobName, run.runId, runnerId, run.nextSequence++, lines, run.correlationId));
                lines = new ArrayList<>();
                chars = 0;
            }
            lines.add(line);
            chars += line.getText().length();
        }
        if (!lines.isEmpty()) {
            batches.add(new LogBatch(run.jobName, run.runId, runnerId, run.nextSequence++, lines, run.correlationId));
        }
        run.pending = new ArrayList<>();
        run.pendingChars = 0;
        return batches;
    }

    private void send(LogBatch batch) {
        String topic = Topics.LOGS.name();
        byte[] value = Topics.LOGS.valueSerde().serializer().serialize(topic, batch);
        String key = Topics.logKey(batch.getJobName(), batch.getRunId());
        producer.send(new ProducerRecord<>(topic, key, value), (meta, error) -> {
            if (error != null) {
                LOG.warn("lost log batch {} of run {}/{}", batch.getSequence(), batch.getJobName(), batch.getRunId(),
                        error);
            }
        });
    }

    private static final class RunLog {
        final String jobName;
        final String runId;
        final String correlationId;
        long nextSequence;
        List<LogLine> pending = new ArrayList<>();
        long pendingChars;
        long dropped;
        Instant firstDroppedAt;

        RunLog(String jobName, String runId, String correlationId) {
            this.jobName = jobName;
            this.runId = runId;
            this.correlationId = correlationId;
        }
    }
}
