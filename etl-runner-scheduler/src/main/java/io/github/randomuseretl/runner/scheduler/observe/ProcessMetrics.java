package io.github.randomuseretl.runner.scheduler.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.Objects;

/**
 * The process's own meters, beside the runs': Micrometer's JVM binders ({@code jvm_memory_*},
 * {@code jvm_gc_*}, {@code jvm_threads_*}, {@code jvm_classes_*}, {@code jvm_info}), its process and
 * system binders ({@code process_cpu_usage}, {@code process_start_time_seconds},
 * {@code process_uptime_seconds}, {@code process_files_*}, {@code system_cpu_*}), and
 * {@code etl_build_info{version,commit} 1}, which says what is deployed where. Close it to stop the
 * binders that listen to the JVM (garbage collection notifications).
 */
public final class ProcessMetrics implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();

    /**
     * Binds every meter to the registry.
     *
     * @param registry where the meters live
     * @param build    what was built
     */
    public ProcessMetrics(MeterRegistry registry, BuildInfo build) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(build, "build");
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        heapPressure.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("etl.build.info", () -> 1)
                .description("The running build: its version and commit as labels, value 1")
                .tag("version", build.version())
                .tag("commit", build.commit())
                .register(registry);
    }

    @Override
    public void close() {
        gc.close();
        heapPressure.close();
    }
}
