package io.webjobs.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A job's process and everything it started: its CPU time and how to kill all of it. */
final class ProcessTree {

    private final ProcessHandle root;

    ProcessTree(ProcessHandle root) {
        this.root = root;
    }

    /** Sum of utime+stime (clock ticks) of the process and its live descendants, from /proc. */
    long cpuTicks() {
        return Stream.concat(Stream.of(root), root.descendants()).mapToLong(p -> cpuTicksOf(p.pid())).sum();
    }

    /**
     * Kills descendants first, so none is re-parented to init and survives its parent; twice, to
     * catch a child forked while the first pass ran. Then the process itself.
     */
    void kill() {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    static long cpuTicksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime is field 14, stime field 15.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            // The process exited between listing and reading, or there is no /proc: no CPU to count.
            return 0;
        }
    }
}
