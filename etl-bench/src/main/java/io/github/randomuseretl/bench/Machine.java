package io.github.randomuseretl.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the benchmarks print beside their figures: this process's CPU, GC and JIT time, its peak
 * resident set, and the machine's load average, which says whether the machine was shared meanwhile.
 * CPU seconds per user are steadier than wall time on a shared machine.
 */
final class Machine {

    private Machine() {
    }

    /**
     * The counters at one moment.
     *
     * @param cpuNanos    process CPU time, all threads
     * @param gcMillis    time in garbage collections, summed over collectors
     * @param jitMillis   time the JIT compilers spent, summed over compiler threads
     * @param peakRssMiB  peak resident set so far
     * @param loadAverage {@code /proc/loadavg}'s 1, 5 and 15 minute figures
     * @param jitCpuNanos CPU time of the JIT compiler threads (Linux; 0 elsewhere)
     * @param gcCpuNanos  CPU time of the garbage collector and VM threads (Linux; 0 elsewhere)
     */
    record Sample(long cpuNanos, long gcMillis, long jitMillis, long peakRssMiB, String loadAverage, long jitCpuNanos, long gcCpuNanos) {

        double jitCpuSecondsSince(Sample earlier) {
            return (jitCpuNanos - earlier.jitCpuNanos) / 1e9;
        }

        double gcCpuSecondsSince(Sample earlier) {
            return (gcCpuNanos - earlier.gcCpuNanos) / 1e9;
        }

        double cpuSecondsSince(Sample earlier) {
            return (cpuNanos - earlier.cpuNanos) / 1e9;
        }

        double gcSecondsSince(Sample earlier) {
            return (gcMillis - earlier.gcMillis) / 1e3;
        }

        double jitSecondsSince(Sample earlier) {
            return (jitMillis - earlier.jitMillis) / 1e3;
        }
    }

    static Sample sample() {
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, b.getCollectionTime());
        }
        var jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        long[] vm = vmThreadsCpuNanos();
        return new Sample(cpuNanos(), gc, jitMillis, peakRssMiB(), loadAverage(), vm[0], vm[1]);
    }

    /**
     * CPU time of the JVM's own threads, from {@code /proc/self/task/<tid>/stat}: the JIT compiler
     * threads, and the collector and VM threads. These threads live as long as the JVM (a compiler
     * thread the JVM retires takes its count with it, so the JIT figure is a lower bound).
     *
     * @return {JIT nanoseconds, GC and VM nanoseconds}, zeros off Linux
     */
    static long[] vmThreadsCpuNanos() {
        long jit = 0;
        long gc = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the name; clock ticks of 10 ms.
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                long nanos = ticks * 10_000_000L;
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    jit += nanos;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")
                        || name.startsWith("VM Periodic")) {
                    gc += nanos;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
        return new long[] {jit, gc};
    }

    /** @return this process's CPU time so far, all threads, or 0 where the JVM cannot say */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** @return the process's peak resident set (VmHWM) from Linux's /proc; -1 elsewhere */
    static long peakRssMiB() {
        return statusKib("VmHWM:") >> 10;
    }

    /** @return {@code /proc/self/status}'s figure in KiB, or -1024 if there is none */
    private static long statusKib(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1024;
        }
        return -1024;
    }

    /** @return e.g. {@code 0.52 0.61 0.70}, or {@code n/a} off Linux */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** @return the JVM, e.g. {@code OpenJDK 17.0.15} */
    static String java() {
        return System.getProperty("java.vm.name", "Java").replace(" 64-Bit Server VM", "") + " " + System.getProperty("java.version");
    }
}
