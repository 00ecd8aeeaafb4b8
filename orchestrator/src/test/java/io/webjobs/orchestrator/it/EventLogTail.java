package io.webjobs.orchestrator.it;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the committed event log ({@code read_committed}, from the beginning) on a thread of its own and
 * keeps what the chaos tests check: which commands were answered, which runs were requested, which ended,
 * and how often each schedule occurrence fired. Only committed events count, as for any reader of the log.
 */
final class EventLogTail implements AutoCloseable {

    private static final Set<RunStatus> FINAL = Set.of(RunStatus.Success, RunStatus.Failed, RunStatus.Aborted);

    private final KafkaConsumer<String, JobEvent> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private final Map<String, Integer> eventsByCause = new HashMap<>();
    private final Map<String, Integer> runsRequestedByCommand = new HashMap<>();
    private final Set<String> rejectedCommands = new HashSet<>();
    private final Map<String, String> jobOfRun = new HashMap<>();
    private final Map<String, RunStatusChanged> endOfRun = new HashMap<>();
    private final Map<String, Integer> firesByOccurrence = new HashMap<>();
    private final Map<String, Instant> requestedAt = new HashMap<>();
    private long events;

    EventLogTail(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), Topics.EVENTS.valueSerde().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < Topics.EVENTS.partitions(); p++) {
            partitions.add(new TopicPartition(Topics.EVENTS.name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::tail, "chaos-event-log-tail");
        thread.setDaemon(true);
        thread.start();
    }

    private void tail() {
        try {
            while (running) {
                for (ConsumerRecord<String, JobEvent> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value() != null) {
                        add(record.value());
                    }
                }
            }
        } catch (WakeupException closing) {
            // close()
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private synchronized void add(JobEvent event) {
        events++;
        eventsByCause.merge(event.getCausedBy(), 1, Integer::sum);
        if (event.getPayload() instanceof RunRequested requested) {
            jobOfRun.put(run(event, requested.getRunId()), event.getJobName());
            requestedAt.put(run(event, requested.getRunId()), event.getAt());
            if (requested.getDueAt() != null) {
                firesByOccurrence.merge(event.getJobName() + "@" + requested.getDueAt(), 1, Integer::sum);
            } else {
                runsRequestedByCommand.merge(event.getCausedBy(), 1, Integer::sum);
            }
        } else if (event.getPayload() instanceof RunStatusChanged changed && FINAL.contains(changed.getStatus())) {
            endOfRun.putIfAbsent(run(event, changed.getRunId()), changed);
        } else if (event.getPayload() instanceof CommandRejected rejected) {
            rejectedCommands.add(rejected.getCommandId());
        }
    }

    /** Run ids count per job: {@code job/runId} names a run. */
    private static String run(JobEvent event, String runId) {
        return event.getJobName() + "/" + runId;
    }

    /** The commands of {@code commandIds} that no committed event answers yet. */
    synchronized List<String> unanswered(List<String> commandIds) {
        return commandIds.stream().filter(id -> !eventsByCause.containsKey(id)).toList();
    }

    /** How many runs each of these run commands requested (1 each when nothing was lost or repeated). */
    synchronized Map<String, Integer> runsRequestedBy(List<String> commandIds) {
        Map<String, Integer> runs = new HashMap<>();
        commandIds.forEach(id -> runs.put(id, runsRequestedByCommand.getOrDefault(id, 0)));
        return runs;
    }

    synchronized Set<String> rejectedCommands() {
        return Set.copyOf(rejectedCommands);
    }

    synchronized int runsRequested() {
        return jobOfRun.size();
    }

    /** Runs ({@code job/runId}) requested that have no final status (Success, Failed, Aborted) yet. */
    synchronized List<String> runsNotFinal() {
        return jobOfRun.keySet().stream().filter(runId -> !endOfRun.containsKey(runId)).toList();
    }

    /** Whether every run requested at or before {@code at} (event time) has ended. */
    synchronized boolean everyRunRequestedByNowIsFinal(Instant at) {
        return requestedAt.entrySet().stream().filter(e -> !e.getValue().isAfter(at))
                .allMatch(e -> endOfRun.containsKey(e.getKey()));
    }

    /** Schedule occurrences ({@code job@dueAt}) that fired more than once. */
    synchronized List<String> occurrencesFiredTwice() {
        return firesByOccurrence.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    synchronized int scheduledFires() {
        return firesByOccurrence.size();
    }

    /** Scheduled fires with a due time after {@code at}. */
    synchronized long scheduledFiresDueAfter(Instant at) {
        return firesByOccurrence.keySet().stream()
                .filter(k -> Instant.parse(k.substring(k.lastIndexOf('@') + 1)).isAfter(at))
                .count();
    }

    synchronized Map<RunStatus, Long> finalStatuses() {
        Map<RunStatus, Long> counts = new HashMap<>();
        endOfRun.values().forEach(c -> counts.merge(c.getStatus(), 1L, Long::sum));
        return counts;
    }

    synchronized long events() {
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
