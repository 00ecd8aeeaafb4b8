package io.webjobs.orchestrator.app;

import io.webjobs.contract.AppSettingsPublisher;
import io.webjobs.contract.ArtifactPublisher;
import io.webjobs.contract.CommandPublisher;
import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.api.HttpApi;
import io.webjobs.orchestrator.audit.EventLogReplay;
import io.webjobs.orchestrator.cluster.AdvertisedAddress;
import io.webjobs.orchestrator.cluster.InstanceClient;
import io.webjobs.orchestrator.cluster.KeyOwner;
import io.webjobs.orchestrator.cluster.RoutedRunLogs;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.metrics.OrchestratorMetrics;
import io.webjobs.orchestrator.query.JobQueries;
import io.webjobs.orchestrator.query.LocalRunLogs;
import io.webjobs.orchestrator.topology.JobTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One orchestrator process: the Streams topology (single writer of the event log), the command
 * publisher and the HTTP API over the topology's stores.
 */
public final class Orchestrator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final KafkaStreams streams;
    private final CommandPublisher commands;
    private final ArtifactPublisher artifacts;
    private final AppSettingsPublisher appSettings;
    private final HttpApi api;
    private final OrchestratorMetrics metrics;
    private final Properties streamsProperties;

    private Orchestrator(KafkaStreams streams, CommandPublisher commands, ArtifactPublisher artifacts,
            AppSettingsPublisher appSettings, HttpApi api, OrchestratorMetrics metrics, Properties streamsProperties) {
        this.streamsProperties = streamsProperties;
        this.metrics = metrics;
        this.streams = streams;
        this.commands = commands;
        this.artifacts = artifacts;
        this.appSettings = appSettings;
        this.api = api;
    }

    public static Orchestrator start(OrchestratorConfig config) {
        return start(config, ScheduleRules.fromEnvironment(System.getenv()));
    }

    public static Orchestrator start(OrchestratorConfig config, ScheduleRules scheduleRules) {
        if (config.httpPort() == 0) {
            config = config.onPort(FreePort.on(config.host())); // advertised to the other instances before the API binds
        }
        AdvertisedAddress address = advertisedAddress(config);
        TopicSetup.ensureTopics(config.kafka(), config.replicationFactor());
        Properties streamsProperties = streamsProperties(config, address);
        KafkaStreams streams = new KafkaStreams(JobTopology.build(config.rules(), scheduleRules, config.fleetRules(),
                config.tick()), streamsProperties);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
        awaitRunning(streams);
        CommandPublisher commands = new CommandPublisher(config.kafka(), Clock.systemUTC());
        ArtifactPublisher artifacts = new ArtifactPublisher(config.kafka());
        KeyOwner owners = new KeyOwner(streams, address);
        InstanceClient peers = new InstanceClient();
        LocalRunLogs localLogs = new LocalRunLogs(streams);
        ApiCredentials credentials = config.credentials();
        JobQueries queries = new JobQueries(streams, config.fleetRules(),
                new RoutedRunLogs(owners, localLogs, peers, credentials::header));
        AppSettingsPublisher appSettings = new AppSettingsPublisher(config.kafka(), Clock.systemUTC());
        HttpApi api = HttpApi.start(config.host(), config.httpPort(), queries, commands, artifacts,
                HttpApi.auditRoutes(new EventLogReplay(config.kafka()), new JobFold(config.rules()), queries),
                appSettings, () -> streams.state() == KafkaStreams.State.RUNNING, Clock.systemUTC(), scheduleRules,
                config.credentials(), config.uploadLimits(), config.rules(), new HttpApi.Cluster(owners, peers, localLogs));
        OrchestratorMetrics metrics = OrchestratorMetrics.start(config.kafka(), streams, queries, Clock.systemUTC());
        api.getText("/metrics", "text/plain; version=0.0.4; charset=utf-8", metrics::scrape);
        log.info("orchestrator serving on port {}, advertised to the other instances as {}", api.port(), address.url());
        return new Orchestrator(streams, commands, artifacts, appSettings, api, metrics, streamsProperties);
    }

    /** The HTTP routes this orchestrator serves ({@code "METHOD /path"}). */
    public java.util.List<String> routes() {
        return api.routes();
    }

    static AdvertisedAddress advertisedAddress(OrchestratorConfig config) {
        return AdvertisedAddress.of(config.advertisedUrl(), config.host(), config.httpPort(), () -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "localhost";
            }
        });
    }

    /** Without an HTTP port yet (0), nothing is advertised: for a topology that serves no queries. */
    public static Properties streamsProperties(OrchestratorConfig config) {
        return streamsProperties(config, config.httpPort() == 0 ? null : advertisedAddress(config));
    }

    static Properties streamsProperties(OrchestratorConfig config, AdvertisedAddress address) {
        Properties props = new Properties();
        props.putAll(config.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // the other instances route a job's queries here when this one owns its partition
        if (address != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, address.applicationServer());
        }
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // wall-clock punctuations (the schedule timers) run between polls: an idle poll must not block
        // longer than the scheduler's precision
        props.put(StreamsConfig.POLL_MS_CONFIG, 10L);
        // The broker answers a fetch as soon as a record is there (a read_committed one when the markers land):
        // the wait bounds only an empty fetch. At 50 ms an idle orchestrator asked 20 fetches a second.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 500);
        // Streams lingers 100 ms by default, so a run request left only with the commit's flush, adding
        // that round trip to every commit. 5 ms: on the broker before the commit, still batched under
        // load (0 measured no faster and sent more requests). See decision 008.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // A commit's offsets are often refused once with CONCURRENT_TRANSACTIONS: the broker is still writing the
        // previous transaction's markers. The default 100 ms back-off then held the stream thread, and any report
        // arriving meanwhile, for 100 ms (bench latency: exit -> visible p99 99 ms; 14 ms at 10). Retries back
        // off exponentially from here, up to retry.backoff.max.ms.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Static membership: an orchestrator that comes back after a crash (same host, same state dir) takes
        // its partitions back at once instead of waiting for its old session to time out; close() leaves the
        // group explicitly, so a clean stop hands the partitions to the other instances at once too.
        // A crashed instance that does not come back is noticed within the 10 s session.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), staticMemberId(config));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        return props;
    }

    /** Stable across restarts of one orchestrator, distinct between two (they cannot share a state dir). */
    static String staticMemberId(OrchestratorConfig config) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String where = host + "|" + config.stateDir().toAbsolutePath().normalize();
        java.util.UUID digest = java.util.UUID.nameUUIDFromBytes(where.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return config.applicationId() + "-" + digest.toString().substring(0, 13);
    }

    private static void awaitRunning(KafkaStreams streams) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (Instant.now().isAfter(deadline) || !streams.state().isRunningOrRebalancing()
                    && streams.state() != KafkaStreams.State.CREATED) {
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("Kafka Streams did not reach RUNNING within "
                        + STARTUP_TIMEOUT.toSeconds() + " s (state " + streams.state() + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
    }

    public int port() {
        return api.port();
    }

    /** The Kafka Streams client's metrics (thread, task, store, consumer and producer): for benchmarks and /metrics. */
    public Map<MetricName, ? extends Metric> streamsMetrics() {
        return streams.metrics();
    }

    @Override
    public void close() {
        api.close();
        metrics.close();
        commands.close();
        artifacts.close();
        appSettings.close();
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        DeadLetterHandler.closeProducerOf(streamsProperties);
    }
}
