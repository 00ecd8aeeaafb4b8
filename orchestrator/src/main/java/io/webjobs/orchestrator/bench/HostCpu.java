package io.webjobs.orchestrator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time, and how much of it the hypervisor gave to someone else while this VM had
 * work ready (steal), from the first line of {@code /proc/stat}. On a shared VM a measure taken while the
 * neighbours were busy is slower for a reason outside this JVM: shown next to the figures, it tells such a
 * measure apart (raw spawns alone have measured 266 to 616 a second on the same host). NaN where there is
 * no /proc.
 */
record HostCpu(double stealMs, double totalMs) {

    /** Only the first line: the ones after it hold a count per interrupt, thousands of numbers. */
    static HostCpu now() {
        try (BufferedReader stat = Files.newBufferedReader(Path.of("/proc/stat"))) {
            return parse(stat.readLine());
        } catch (IOException | RuntimeException e) {
            return new HostCpu(Double.NaN, Double.NaN);
        }
    }

    /**
     * {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}: the guest times are already
     * in user and nice, so the machine's time is the sum of the first eight. Kernels before 2.6.11 had no steal.
     */
    static HostCpu parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the all-CPU line of /proc/stat: " + cpuLine);
        }
        double total = 0;
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            total += Long.parseLong(f[i]);
        }
        double steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new HostCpu(steal * ProcessCpu.MS_PER_TICK, total * ProcessCpu.MS_PER_TICK);
    }

    HostCpu since(HostCpu before) {
        return new HostCpu(stealMs - before.stealMs, totalMs - before.totalMs);
    }

    /** Steal as a percentage of the machine's CPU time over the stretch. */
    double stealPercent() {
        return totalMs > 0 ? 100 * stealMs / totalMs : Double.NaN;
    }
}
