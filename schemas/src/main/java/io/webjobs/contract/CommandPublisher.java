package io.webjobs.contract;

import io.webjobs.avro.JobCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Sends commands to {@code webjobs.commands} with a {@link KafkaProducer} (idempotent, acks=all, keyed
 * by {@link Topics#jobKey}) and, on request, awaits the orchestrator's answer on {@code webjobs.events}:
 * <pre>{@code
 * try (CommandPublisher commands = new CommandPublisher(Map.of("bootstrap.servers", "kafka:9092"))) {
 *     CommandOutcome outcome = commands.sendAndAwait(
 *             JobCommands.run("nightly-report").withArguments("--full").by("billing"), Duration.ofSeconds(10));
 *     outcome.rejection().ifPresent(r -> log.warn("refused: {}", r.getReason()));
 *     outcome.runId().ifPresent(runId -> log.info("run {} requested", runId));
 * }
 * }</pre>
 * The given client properties (bootstrap servers, SASL/TLS settings …) are passed to the producer and
 * to the consumer that awaits outcomes unchanged; only acks, idempotence, linger and requests in flight are
 * fixed here.
 * Sending the same {@link JobCommand} value again (same commandId, e.g. after a timeout) is safe: the
 * orchestrator applies it once and answers the copy with the original outcome. Thread-safe; one per
 * process is enough.
 */
public final class CommandPublisher implements AutoCloseable {

    private final KafkaProducer<String, JobCommand> producer;
    private final CommandOutcomes outcomes;
    private final Clock clock;

    /** A publisher stamping commands with the UTC system clock. */
    public CommandPublisher(Map<String, Object> kafkaClientConfig) {
        this(kafkaClientConfig, Clock.systemUTC());
    }

    /**
     * @param kafkaClientConfig Kafka client properties, at least {@code bootstrap.servers}
     * @param clock             stamps {@code issuedAt} on commands built here
     */
    public CommandPublisher(Map<String, Object> kafkaClientConfig, Clock clock) {
        Properties props = new Properties();
        props.putAll(kafkaClientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // One request at a time: a lone command still leaves at once, and the commands of a burst (an API under
        // load) wait for the request ahead and share the next one. With five in flight each went alone:
        // 0.34 produce requests per run in bench runs, 0.23 with one.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "webjobs-commands-" + UUID.randomUUID());
        this.producer = new KafkaProducer<>(props, Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
        this.outcomes = new CommandOutcomes(kafkaClientConfig);
        this.clock = clock;
    }

    /** Sends the command and returns its id once the broker has it. */
    public String send(JobCommands command) {
        return send(command.build(clock.instant()));
    }

    /** Sends a built command (resend the same value to retry: it is applied once) and returns its id. */
    public String send(JobCommand command) {
        try {
            producer.send(record(command)).get(30, TimeUnit.SECONDS);
            return command.getCommandId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending a command", e);
        } catch (ExecutionException | TimeoutException e) {
            throw cannotSend(command, e);
        }
    }

    private static ProducerRecord<String, JobCommand> record(JobCommand command) {
        return new ProducerRecord<>(Topics.COMMANDS.name(), Topics.jobKey(command.getJobName()), command);
    }

    private static KafkaException cannotSend(JobCommand command, Exception e) {
        return new KafkaException("cannot send command " + command.getCommandId() + ": " + e.getMessage(), e);
    }

    /**
     * Sends the command and waits for the events it caused (or its rejection).
     *
     * @throws TimeoutException when no answer came within {@code timeout}; the command may still be
     *                          applied: resend the same {@link JobCommand} to learn its outcome
     */
    public CommandOutcome sendAndAwait(JobCommands command, Duration timeout) throws TimeoutException {
        return sendAndAwait(command.build(clock.instant()), timeout);
    }

    /** Sends a built command and waits for its outcome; a resent command answers with its original outcome. */
    public CommandOutcome sendAndAwait(JobCommand command, Duration timeout) throws TimeoutException {
        CompletableFuture<CommandOutcome> outcome = outcomes.expect(command.getCommandId());
        try {
            // One wait, for the outcome: it cannot come before the broker has the command, and a send that fails
            // ends the wait with its error. (Waiting for the send first woke the caller twice per command.)
            producer.send(record(command), (metadata, error) -> {
                if (error != null) {
                    outcome.completeExceptionally(cannotSend(command, error));
                }
            });
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while awaiting command " + command.getCommandId(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        } finally {
            outcomes.forget(command.getCommandId());
        }
    }

    @Override
    public void close() {
        outcomes.close();
        producer.close(Duration.ofSeconds(5));
    }
}
