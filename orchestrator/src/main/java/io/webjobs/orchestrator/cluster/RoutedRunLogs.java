package io.webjobs.orchestrator.cluster;

import io.webjobs.avro.LogBatch;
import io.webjobs.orchestrator.query.RunLogs;
import io.webjobs.orchestrator.topology.JobTopology;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Run logs across instances. A run's log is keyed {@code job/runId} on the log topic, so it usually lives on
 * another partition (and instance) than its job: the instance answering for the job reads it from the owner of
 * the log's key ({@link #PATH}, which only ever answers from its own store). A continuous job's log is gathered
 * from every instance.
 */
public final class RoutedRunLogs implements RunLogs {

    /** The internal read of one instance's own {@code run-logs} partitions. */
    public static final String PATH = "/internal/run-logs";

    private final KeyOwner owners;
    private final RunLogs local;
    private final InstanceClient client;
    private final Supplier<String> authorization;

    public RoutedRunLogs(KeyOwner owners, RunLogs local, InstanceClient client, Supplier<String> authorization) {
        this.owners = owners;
        this.local = local;
        this.client = client;
        this.authorization = authorization;
    }

    @Override
    public List<LogBatch> scan(String recordKey, String prefix) {
        if (recordKey != null) {
            Owner owner = owners.of(JobTopology.LOG_STORE, recordKey);
            if (owner instanceof Owner.Elsewhere elsewhere) {
                return fetch(elsewhere.url(), prefix);
            }
            if (owner instanceof Owner.Nobody nobody) {
                throw new InstanceUnavailableException(nobody.reason());
            }
            return local.scan(recordKey, prefix);
        }
        List<LogBatch> all = new ArrayList<>();
        for (String host : owners.hosts(JobTopology.LOG_STORE)) {
            all.addAll(host.equals(owners.self()) ? local.scan(null, prefix) : fetch(host, prefix));
        }
        return all;
    }

    private List<LogBatch> fetch(String host, String prefix) {
        byte[] frames = client.get(host + PATH + "?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8),
                Map.of("Authorization", authorization.get(), InstanceHeaders.HOP, owners.self()));
        return LogBatchFrames.decode(frames);
    }
}
