package io.webjobs.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process and of its reaped children (the runs' processes), from {@code /proc/self/stat}:
 * on a shared host wall-clock rates swing with the neighbours, the CPU a run costs does not, and it says
 * how much of a run is the process and how much the orchestration around it. NaN where there is no /proc.
 */
record ProcessCpu(double selfMs, double childrenMs) {

    /** USER_HZ: the unit of the times in /proc/[pid]/stat, 100 on every Linux the JVM runs on. */
    private static final double MS_PER_TICK = 10.0;

    static ProcessCpu now() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name in parentheses may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // fields 14-17 of stat (utime, stime, cutime, cstime) are 12-15 after "pid (comm)"
            double self = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK;
            double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) * MS_PER_TICK;
            return new ProcessCpu(self, children);
        } catch (IOException | RuntimeException e) {
            return new ProcessCpu(Double.NaN, Double.NaN);
        }
    }

    ProcessCpu since(ProcessCpu before) {
        return new ProcessCpu(selfMs - before.selfMs, childrenMs - before.childrenMs);
    }
}
