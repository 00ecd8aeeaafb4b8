package io.webjobs.orchestrator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads grouped by role (broker, stream thread, runner, HTTP ...), from the
 * thread names: says which part of the all-in-one system a run's CPU goes to. Threads that ended in
 * between are lost, and the JVM's own threads (JIT compilers, GC) are not Java threads: what
 * {@link ProcessCpu} counts beyond the groups is theirs.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Sample(String group, long cpuNanos) {
    }

    private final Map<Long, Sample> byId;

    private ThreadCpu(Map<Long, Sample> byId) {
        this.byId = byId;
    }

    static ThreadCpu now() {
        Map<Long, Sample> byId = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                byId.put(info.getThreadId(), new Sample(group(info.getThreadName()), nanos));
            }
        }
        return new ThreadCpu(byId);
    }

    /** Milliseconds per group since {@code before}, largest first. */
    Map<String, Double> since(ThreadCpu before) {
        Map<String, Double> ms = new HashMap<>();
        byId.forEach((id, sample) -> {
            Sample was = before.byId.get(id);
            ms.merge(sample.group(), (sample.cpuNanos() - (was == null ? 0 : was.cpuNanos())) / 1e6, Double::sum);
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        ms.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static String group(String thread) {
        // Client threads first: their names start with "kafka-" too, and they are not the broker's.
        if (thread.startsWith("kafka-producer-network-thread")) {
            return thread.contains("StreamThread") ? "stream thread's producer" : "other producers (runner, API)";
        }
        if (thread.startsWith("kafka-coordinator-heartbeat-thread")) {
            return "consumers' heartbeats";
        }
        if (thread.startsWith("data-plane-kafka") || thread.startsWith("kafka-") || thread.contains("Reaper")
                || thread.startsWith("group-coordinator") || thread.startsWith("TxnMarker")
                || thread.startsWith("AddPartitionsToTxn") || thread.startsWith("executor-")
                || thread.startsWith("transaction-") || thread.startsWith("quorum-") || thread.startsWith("raft")
                || thread.startsWith("LogDirFailure") || thread.startsWith("share-")) {
            return "broker";
        }
        if (thread.contains("StreamThread")) {
            return "stream thread";
        }
        if (thread.contains("-run-") || thread.startsWith("run-") || thread.startsWith("process reaper")) {
            return "runner: runs, output readers, reaper";
        }
        if (thread.contains("runner")) {
            return "runner: request loop";
        }
        if (thread.startsWith("Jetty") || thread.startsWith("qtp")) {
            return "HTTP server";
        }
        if (thread.startsWith("HttpClient") || thread.startsWith("bench-client")) {
            return "bench HTTP clients";
        }
        return thread.replaceAll("\\d+", "N");
    }
}
