package io.webjobs.runner;

import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLine;
import io.webjobs.contract.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships run output to {@code webjobs.logs} in batches: every 100 ms, or at once when a run has 200
 * lines (or 256 KiB) waiting, so a chatty job does not send a record per line and a quiet one is
 * still seen live. Batches of a run carry a sequence from 0, so a reader can order and de-duplicate.
 */
public final class KafkaLogShipper implements LogSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLogShipper.class);
    static final int MAX_LINES = 200;
    static final long INTERVAL_MILLIS = 100;
    /** Keeps a batch well under the broker's 1 MiB record limit. */
    static final int MAX_BATCH_CHARS = 256 * 1024;
    static final int MAX_LINE_CHARS = 64 * 1024;

    private final Producer<String, byte[]> producer;
    private final String runnerId;
    private final Map<String, RunLog> runs = new HashMap<>();
    private final ScheduledExecutorService ticker;

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
        run.pending.add(line);
        run.pendingChars += line.getText().length();
        if (run.pending.size() >= MAX_LINES || run.pendingChars >= MAX_BATCH_CHARS) {
            send(run);
        }
    }

    /** Sends what is pending for the run, waits until stored, and forgets the run: its log is complete. */
    @Override
    public void end(String jobName, String runId) {
        synchronized (this) {
            RunLog run = runs.remove(Topics.logKey(jobName, runId));
            if (run != null) {
                send(run);
            }
        }
        producer.flush();
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

    private synchronized void sendAll() {
        try {
            runs.values().forEach(this::send);
        } catch (RuntimeException e) {
            LOG.warn("cannot ship logs", e);
        }
    }

    private void send(RunLog run) {
        if (run.pending.isEmpty()) {
            return;
        }
        LogBatch batch = new LogBatch(run.jobName, run.runId, runnerId, run.nextSequence++, run.pending,
                run.correlationId);
        run.pending = new ArrayList<>();
        run.pendingChars = 0;
        String topic = Topics.LOGS.name();
        byte[] value = Topics.LOGS.valueSerde().serializer().serialize(topic, batch);
        producer.send(new ProducerRecord<>(topic, Topics.logKey(run.jobName, run.runId), value), (meta, error) -> {
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

        RunLog(String jobName, String runId, String correlationId) {
            this.jobName = jobName;
            this.runId = runId;
            this.correlationId = correlationId;
        }
    }
}
