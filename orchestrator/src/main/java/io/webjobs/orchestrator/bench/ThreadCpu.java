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

    private final Map<Long, Long> cpuNanosById;
    private final Map<Long, String> groupById;

    private ThreadCpu(Map<Long, Long> cpuNanosById, Map<Long, String> groupById) {
        this.cpuNanosById = cpuNanosById;
        this.groupById = groupById;
    }

    static ThreadCpu now() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> group = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                group.put(info.getThreadId(), group(info.getThreadName()));
            }
        }
        return new ThreadCpu(cpu, group);
    }

    /** Milliseconds per group since {@code before}, largest first. */
    Map<String, Double> since(ThreadCpu before) {
        Map<String, Double> ms = new HashMap<>();
        cpuNanosById.forEach((id, nanos) -> ms.merge(groupById.get(id),
                (nanos - before.cpuNanosById.getOrDefault(id, 0L)) / 1e6, Double::sum));
        Map<String, Double> sorted = new LinkedHashMap<>();
        ms.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static String group(String thread) {
        if (thread.startsWith("data-plane-kafka") || thread.startsWith("kafka-") || thread.contains("Reaper")
                || thread.startsWith("group-coordinator") || thread.startsWith("TxnMarker")
                || thread.startsWith("AddPartitionsToTxn") || thread.startsWith("executor-")
                || thread.startsWith("transaction-") || thread.startsWith("quorum-") || thread.startsWith("raft")
                || thread.startsWith("LogDirFailure") || thread.startsWith("share-")) {
            return "broker";
        }
        if (thread.contains("StreamThread") && thread.contains("producer")) {
            return "stream thread's producer";
        }
        if (thread.contains("StreamThread")) {
            return "stream thread";
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "other producers";
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
        if (thread.startsWith("HttpClient") || thread.startsWith("pool-")) {
            return "bench HTTP clients";
        }
        return thread.replaceAll("\\d+", "N");
    }
}
