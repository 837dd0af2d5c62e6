package io.github.randomuseretl.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The architecture, stated once. Every module's {@code ArchitectureTest} checks its production classes
 * against these rules; etl-core's tests also show each rule failing on a deliberate violation, so no
 * rule can pass by checking nothing.
 */
public final class ArchitectureRules {

    /** The project's root package. */
    public static final String ROOT = "io.github.randomuseretl";

    /** The core depends on the JDK and the SLF4J API only: applications embed it without baggage. */
    public static final ArchRule CORE_DEPENDS_ONLY_ON_JDK_AND_SLF4J = classes()
            .that().resideInAPackage(ROOT + ".core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".core..", "java..", "org.slf4j..")
            .because("other applications embed the core; it must not drag in Jackson, JDBI, Guice or HTTP libraries");

    /** An adapter never uses another adapter: each plugs into the core's ports alone. */
    public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER = slices()
            .matching(ROOT + ".adapter.(*)..")
            .should().notDependOnEachOther()
            .because("adapters only implement the core's ports; wiring them together is the runners' job");

    /** Adapters never reach up into a runner. */
    public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_RUNNERS = noClasses()
            .that().resideInAPackage(ROOT + ".adapter..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".runner..")
            .because("runners depend on adapters, never the other way round");

    /** One runner never uses another. */
    public static final ArchRule RUNNERS_DO_NOT_DEPEND_ON_EACH_OTHER = slices()
            .matching(ROOT + ".runner.(*)..")
            .should().notDependOnEachOther()
            .because("each runner is deployed alone");

    /**
     * A runner touches an adapter's types only in its wiring package: its commands, loops and
     * endpoints work through the core's ports, so they run against any sink or source.
     */
    public static final ArchRule RUNNERS_USE_ADAPTERS_ONLY_IN_WIRING = noClasses()
            .that().resideInAPackage(ROOT + ".runner..")
            .and().resideOutsideOfPackage(ROOT + ".runner.*.wiring..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".adapter..")
            .because("commands and loops use the core's ports; only the wiring knows which adapter implements them");

    /** Dependency injection is a runner's business only. */
    public static final ArchRule ONLY_RUNNERS_USE_GUICE = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".runner..")
            .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..")
            .because("core and adapters take their collaborators in constructors and carry no framework annotation");

    /**
     * Only the embedded-PostgreSQL adapter touches the PostgreSQL binaries' library: the scheduler reaches
     * them through that adapter, and nothing else (the Lambda runner above all) carries them.
     */
    public static final ArchRule ONLY_THE_EMBEDDED_ADAPTER_USES_POSTGRES_BINARIES = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".adapter.postgresembedded..")
            .should().dependOnClassesThat().resideInAPackage("io.zonky..")
            .because("the PostgreSQL binaries weigh tens of megabytes; only a runner that wires etl-adapter-postgres-embedded carries them");

    /**
     * The shared logging module (Logback, redaction, JSON lines) is for runners: the core and the
     * adapters log through the SLF4J API only, so an embedding application chooses its own logging.
     */
    public static final ArchRule ONLY_RUNNERS_USE_THE_LOGGING_MODULE = noClasses()
            .that().resideOutsideOfPackages(ROOT + ".runner..", ROOT + ".logging..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".logging..")
            .because("the core and the adapters are embedded in applications that bring their own logging");

    /** The logging module stands alone: no core, adapter or runner type, so both runners can share it. */
    public static final ArchRule LOGGING_DEPENDS_ON_NOTHING_OF_OURS = noClasses()
            .that().resideInAPackage(ROOT + ".logging..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".core..", ROOT + ".adapter..", ROOT + ".runner..")
            .because("it is shared by runners that must not depend on each other");

    /** Packages form no cycle. */
    public static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching(ROOT + ".(**)")
            .should().beFreeOfCycles();

    /** Every rule above. */
    public static final List<ArchRule> ALL = List.of(CORE_DEPENDS_ONLY_ON_JDK_AND_SLF4J, ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER,
            ADAPTERS_DO_NOT_DEPEND_ON_RUNNERS, RUNNERS_DO_NOT_DEPEND_ON_EACH_OTHER, RUNNERS_USE_ADAPTERS_ONLY_IN_WIRING,
            ONLY_RUNNERS_USE_GUICE, ONLY_THE_EMBEDDED_ADAPTER_USES_POSTGRES_BINARIES, ONLY_RUNNERS_USE_THE_LOGGING_MODULE,
            LOGGING_DEPENDS_ON_NOTHING_OF_OURS, NO_PACKAGE_CYCLES);

    private ArchitectureRules() {
    }

    /**
     * The production classes of the project found on the test class path (tests excluded).
     *
     * @return the classes; never empty
     */
    public static JavaClasses productionClasses() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no production classes under " + ROOT + " were found: the rules would check nothing");
        }
        return classes;
    }

    /**
     * Checks every rule that has something to check in {@code classes}. A rule over packages that are
     * absent (the core alone has no adapters; an adapter's own classes hold no core class) is skipped,
     * since ArchUnit rightly fails a rule that selects nothing.
     *
     * @param classes the classes to check
     */
    public static void checkAll(JavaClasses classes) {
        if (has(classes, ".core.")) {
            CORE_DEPENDS_ONLY_ON_JDK_AND_SLF4J.check(classes);
        }
        if (classes.stream().anyMatch(c -> !c.getPackageName().startsWith(ROOT + ".runner."))) {
            ONLY_RUNNERS_USE_GUICE.check(classes);
        }
        if (classes.stream().anyMatch(c -> !c.getPackageName().startsWith(ROOT + ".runner.") && !c.getPackageName().startsWith(ROOT + ".logging"))) {
            ONLY_RUNNERS_USE_THE_LOGGING_MODULE.check(classes);
        }
        if (has(classes, ".logging")) {
            LOGGING_DEPENDS_ON_NOTHING_OF_OURS.check(classes);
        }
        NO_PACKAGE_CYCLES.check(classes);
        if (classes.stream().anyMatch(c -> !c.getPackageName().startsWith(ROOT + ".adapter.postgresembedded"))) {
            ONLY_THE_EMBEDDED_ADAPTER_USES_POSTGRES_BINARIES.check(classes);
        }
        if (has(classes, ".adapter.")) {
            ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(classes);
            ADAPTERS_DO_NOT_DEPEND_ON_RUNNERS.check(classes);
        }
        if (has(classes, ".runner.")) {
            RUNNERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(classes);
            if (classes.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + ".runner.") && !c.getPackageName().contains(".wiring"))) {
                RUNNERS_USE_ADAPTERS_ONLY_IN_WIRING.check(classes);
            }
        }
    }

    private static boolean has(JavaClasses classes, String packagePart) {
        return classes.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + packagePart));
    }
}
