package io.webjobs.contract;

import io.webjobs.avro.JobCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Sends commands to {@code webjobs.commands} (idempotent, acks=all) and, on request, waits for the
 * topology's answer on {@code webjobs.events}. Thread-safe; one per process is enough.
 */
public final class CommandPublisher implements AutoCloseable {

    private final KafkaProducer<String, JobCommand> producer;
    private final CommandOutcomes outcomes;
    private final Clock clock;

    public CommandPublisher(Map<String, Object> kafkaClientConfig, Clock clock) {
        Properties props = new Properties();
        props.putAll(kafkaClientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
        this.outcomes = new CommandOutcomes(kafkaClientConfig);
        this.clock = clock;
    }

    /** Sends the command and returns its id once the broker has it. */
    public String send(JobCommands command) {
        return send(command.build(clock.instant()));
    }

    public String send(JobCommand command) {
        try {
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), Topics.jobKey(command.getJobName()), command))
                    .get(30, TimeUnit.SECONDS);
            return command.getCommandId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending a command", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot send command " + command.getCommandId() + ": " + e.getMessage(), e);
        }
    }

    /** Sends the command and waits for the events it caused (or its rejection). */
    public CommandOutcome sendAndAwait(JobCommands command, Duration timeout) throws TimeoutException {
        return sendAndAwait(command.build(clock.instant()), timeout);
    }

    public CommandOutcome sendAndAwait(JobCommand command, Duration timeout) throws TimeoutException {
        CompletableFuture<CommandOutcome> outcome = outcomes.expect(command.getCommandId());
        try {
            send(command);
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while awaiting command " + command.getCommandId(), e);
        } catch (ExecutionException e) {
            throw new KafkaException(e.getCause());
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
