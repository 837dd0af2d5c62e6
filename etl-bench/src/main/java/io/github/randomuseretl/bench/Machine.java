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
     * @param cpuNanos   process CPU time, all threads
     * @param gcMillis   time in garbage collections, summed over collectors
     * @param jitMillis  time the JIT compilers spent, summed over compiler threads
     * @param peakRssMiB peak resident set so far
     * @param loadAverage {@code /proc/loadavg}'s 1, 5 and 15 minute figures
     */
    record Sample(long cpuNanos, long gcMillis, long jitMillis, long peakRssMiB, String loadAverage) {

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
        return new Sample(cpuNanos(), gc, jitMillis, peakRssMiB(), loadAverage());
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
