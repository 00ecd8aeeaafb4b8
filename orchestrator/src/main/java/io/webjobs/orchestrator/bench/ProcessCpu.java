package io.webjobs.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a JVM (this one, or a runner's), of its reaped children (the runs' processes) and of its own JIT
 * and GC threads, from {@code /proc/[pid]/stat} and {@code /proc/[pid]/task/*\/stat}, and the machine's over the same
 * stretch ({@link HostCpu}: what the hypervisor stole):
 * on a shared host wall-clock rates swing with the neighbours, the CPU a run costs does not, and it says
 * how much of a run is the process and how much the orchestration around it. NaN where there is no /proc.
 */
record ProcessCpu(double selfMs, double childrenMs, double jitMs, double gcMs, HostCpu host) {

    /** USER_HZ: the unit of the times in /proc/[pid]/stat and /proc/stat, 100 on every Linux the JVM runs on. */
    static final double MS_PER_TICK = 10.0;

    static ProcessCpu now() {
        return of("self");
    }

    /** Another JVM of this machine: a runner process the bench started. */
    static ProcessCpu of(long pid) {
        return of(Long.toString(pid));
    }

    private static ProcessCpu of(String pid) {
        Path proc = Path.of("/proc", pid);
        try {
            String[] f = fields(Files.readString(proc.resolve("stat")));
            double self = ticksMs(f, 11) + ticksMs(f, 12);
            double children = ticksMs(f, 13) + ticksMs(f, 14);
            double[] jitAndGc = jitAndGcMs(proc);
            return new ProcessCpu(self, children, jitAndGc[0], jitAndGc[1], HostCpu.now());
        } catch (IOException | RuntimeException e) {
            return new ProcessCpu(Double.NaN, Double.NaN, Double.NaN, Double.NaN, HostCpu.now());
        }
    }

    /** The JVM's own threads, by the start of their (15-character) names: the JIT compilers, then the GC. */
    private static double[] jitAndGcMs(Path proc) throws IOException {
        double[] ms = new double[2];
        try (var tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                int role = comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre") ? 0
                        : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? 1 : -1;
                if (role >= 0) {
                    String[] f = fields(stat);
                    ms[role] += ticksMs(f, 11) + ticksMs(f, 12);
                }
            }
        }
        return ms;
    }

    /**
     * The fields after "pid (comm)": the name may hold spaces, so they are counted from its closing
     * parenthesis; fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 here.
     */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    }

    private static double ticksMs(String[] fields, int index) {
        return Long.parseLong(fields[index]) * MS_PER_TICK;
    }

    /** The sum of two processes' CPU over the same stretch (the machine's is the same for both: this one's). */
    ProcessCpu plus(ProcessCpu other) {
        return new ProcessCpu(selfMs + other.selfMs, childrenMs + other.childrenMs, jitMs + other.jitMs,
                gcMs + other.gcMs, host);
    }

    ProcessCpu since(ProcessCpu before) {
        return new ProcessCpu(selfMs - before.selfMs, childrenMs - before.childrenMs, jitMs - before.jitMs,
                gcMs - before.gcMs, host.since(before.host));
    }
}
