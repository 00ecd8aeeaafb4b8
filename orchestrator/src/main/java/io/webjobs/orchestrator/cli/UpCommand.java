package io.webjobs.orchestrator.cli;

import io.webjobs.orchestrator.api.UploadLimits;
import io.webjobs.orchestrator.app.AllInOne;
import io.webjobs.orchestrator.app.KafkaClientSettings;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", description = "Start everything: Kafka (embedded), orchestrator and API in this process, each runner in a JVM of its own.")
final class UpCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE})") int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "HTTP bind address (default: ${DEFAULT-VALUE})") String host;
    @Option(names = "--data-dir", defaultValue = "./.webjobs", description = "state directory (default: ${DEFAULT-VALUE})") Path dataDir;
    @Option(names = "--bootstrap-servers", description = "use this Kafka cluster instead of the embedded broker") String bootstrapServers;
    @Option(names = "--kafka-config", paramLabel = "FILE", description = "Kafka client properties (SASL, TLS …) for every client of this process; needs an external cluster") Path kafkaConfig;
    @Option(names = "--history-size", defaultValue = "${env:WEBJOBS_HISTORY_SIZE:-50}", description = "runs kept per job (default: ${DEFAULT-VALUE})") int historySize;
    @Option(names = "--idle-timeout", defaultValue = "${env:WEBJOBS_IDLE_TIMEOUT:-120}", description = "seconds without output nor CPU before a run is aborted (default: ${DEFAULT-VALUE})") int idleTimeout;

    @Option(names = "--disable-schedule", defaultValue = "${env:WEBJOBS_DISABLE_SCHEDULE:-0}", description = "1 disables every schedule (WEBJOBS_DISABLE_SCHEDULE, default: ${DEFAULT-VALUE})") String disableSchedule;
    @Option(names = "--time-zone", defaultValue = "${env:WEBSITE_TIME_ZONE:-UTC}", description = "IANA zone of schedules without a time_zone (WEBSITE_TIME_ZONE, default: ${DEFAULT-VALUE})") String timeZone;
    @Option(names = "--runners", defaultValue = "1", description = "runners (instances), each a child JVM that ends with this one (default: ${DEFAULT-VALUE})") int runners;

    @Option(names = "--liveness-timeout", defaultValue = "15", description = "seconds without heartbeat before a runner is lost (default: ${DEFAULT-VALUE})") int livenessTimeout;
    @Option(names = "--restart-time", defaultValue = "${env:WEBJOBS_RESTART_TIME:-60}", description = "seconds a short-lived continuous process waits in PendingRestart (default: ${DEFAULT-VALUE})") int restartTime;
    @Option(names = "--min-lifetime", defaultValue = "120", description = "a continuous process that lived at least this many seconds restarts at once (default: ${DEFAULT-VALUE})") int minLifetime;

    @Option(names = "--api-user", defaultValue = "${env:WEBJOBS_API_USER:-admin}", description = "API user (WEBJOBS_API_USER, default: ${DEFAULT-VALUE})") String apiUser;
    @Option(names = "--api-password", defaultValue = "${env:WEBJOBS_API_PASSWORD}", description = "API password (WEBJOBS_API_PASSWORD); without one a random password is generated once, printed and kept in <data-dir>/api-password (0600)") String apiPassword;
    @Mixin UploadLimitOptions uploadLimits;
    @Mixin StreamThreadsOption streamThreads;

    @Override
    public Integer call() throws InterruptedException {
        if (runners < 1) {
            throw new CliException("--runners must be at least 1");
        }
        if (livenessTimeout < 1 || restartTime < 0 || minLifetime < 0) {
            throw new CliException("--liveness-timeout must be at least 1 s; --restart-time and --min-lifetime not negative");
        }
        FleetRules fleet = new FleetRules(Duration.ofSeconds(livenessTimeout), Duration.ofSeconds(restartTime),
                Duration.ofSeconds(minLifetime));
        UploadLimits limits = uploadLimits.limits();
        int threads = streamThreads.threads();
        Path data = dataDir.toAbsolutePath().normalize();
        ApiPasswordFile.Resolved credentials;
        try {
            credentials = ApiPasswordFile.resolve(data, apiUser, apiPassword);
        } catch (RuntimeException e) {
            throw new CliException("cannot set up API credentials: " + e.getMessage());
        }
        AllInOne all;
        try {
            all = AllInOne.start(data, host, port,
                    KafkaClientSettings.of(bootstrapServers, kafkaConfig), new AllInOne.Options(
                            new JobRules(historySize, idleTimeout), ScheduleRules.fromEnvironment(Map.of(
                                    "WEBJOBS_DISABLE_SCHEDULE", disableSchedule, "WEBSITE_TIME_ZONE", timeZone)),
                            fleet, runners, credentials.credentials(),
                            limits, threads));
        } catch (RuntimeException e) {
            throw new CliException("cannot start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            all.close();
            stopped.countDown();
        }, "webjobs-shutdown"));
        if (all.bootstrapServers() != null) {
            System.out.println("kafka (embedded) at " + all.bootstrapServers());
        }
        System.out.println("webjobs ready at http://" + host + ":" + all.port());
        if (credentials.generated()) {
            System.out.println("API user '" + apiUser + "', generated password (shown once, kept in "
                    + data.resolve(ApiPasswordFile.NAME) + "): " + credentials.credentials().password());
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
