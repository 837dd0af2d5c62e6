package io.github.randomuseretl.core.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.github.randomuseretl.adapter.violationa.AdapterUsingAnotherAdapter;
import io.github.randomuseretl.adapter.violationb.OtherAdapter;
import io.github.randomuseretl.adapter.violationlog.AdapterUsingTheLoggingModule;
import io.github.randomuseretl.core.archviolation.CoreClassUsingAJdbcDriver;
import io.github.randomuseretl.core.archviolation.CoreClassUsingGuice;
import io.github.randomuseretl.core.archviolation.cycle.a.A;
import io.github.randomuseretl.core.archviolation.cycle.b.B;
import io.github.randomuseretl.core.testing.ArchitectureRules;
import io.github.randomuseretl.runner.violation.RunnerStartingPostgres;
import io.github.randomuseretl.runner.violation.SomeRunner;
import io.github.randomuseretl.runner.violation.cli.CommandUsingAnAdapter;
import io.github.randomuseretl.runner.violation.wiring.WiringUsingAnAdapter;
import io.github.randomuseretl.runner.violationother.OtherRunner;
import org.junit.jupiter.api.Test;

/** Each rule fails on a deliberate violation, so none can pass by checking nothing. */
class ArchitectureRulesTest {

    private static JavaClasses of(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    private static void fails(ArchRule rule, String expected, Class<?>... violation) {
        AssertionError e = assertThrows(AssertionError.class, () -> rule.check(of(violation)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aCoreClassUsingALibraryBreaksTheCoreRule() {
        fails(ArchitectureRules.CORE_DEPENDS_ONLY_ON_JDK_AND_SLF4J, "org.postgresql.Driver", CoreClassUsingAJdbcDriver.class);
    }

    @Test
    void aCoreClassUsingGuiceBreaksTheGuiceRule() {
        fails(ArchitectureRules.ONLY_RUNNERS_USE_GUICE, "com.google.inject.Inject", CoreClassUsingGuice.class);
        fails(ArchitectureRules.CORE_DEPENDS_ONLY_ON_JDK_AND_SLF4J, "com.google.inject.Inject", CoreClassUsingGuice.class);
    }

    @Test
    void aRunnerUsingThePostgresBinariesDirectlyBreaksTheEmbeddedRule() {
        fails(ArchitectureRules.ONLY_THE_EMBEDDED_ADAPTER_USES_POSTGRES_BINARIES, "io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
                RunnerStartingPostgres.class);
    }

    @Test
    void aPackageCycleBreaksTheCycleRule() {
        fails(ArchitectureRules.NO_PACKAGE_CYCLES, "Cycle detected", A.class, B.class);
    }

    @Test
    void anAdapterUsingAnotherAdapterBreaksTheAdapterRule() {
        fails(ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER, "OtherAdapter",
                AdapterUsingAnotherAdapter.class, OtherAdapter.class);
    }

    @Test
    void anAdapterUsingARunnerBreaksTheLayeringRule() {
        fails(ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_RUNNERS, "SomeRunner", AdapterUsingAnotherAdapter.class);
    }

    @Test
    void aRunnerUsingAnotherRunnerBreaksTheRunnerRule() {
        fails(ArchitectureRules.RUNNERS_DO_NOT_DEPEND_ON_EACH_OTHER, "OtherRunner", SomeRunner.class, OtherRunner.class);
    }

    @Test
    void anAdapterUsingTheRunnersLoggingModuleBreaksTheLoggingRule() {
        fails(ArchitectureRules.ONLY_RUNNERS_USE_THE_LOGGING_MODULE, "io.github.randomuseretl.logging.Redactor",
                AdapterUsingTheLoggingModule.class);
    }

    @Test
    void theLoggingModuleUsingACoreTypeBreaksItsStandAloneRule() {
        fails(ArchitectureRules.LOGGING_DEPENDS_ON_NOTHING_OF_OURS, "io.github.randomuseretl.core.model.Slot",
                io.github.randomuseretl.logging.archviolation.LoggingUsingTheCore.class);
    }

    @Test
    void aRunnerCommandUsingAnAdapterTypeBreaksTheWiringRuleWhileItsWiringMay() {
        AssertionError e = assertThrows(AssertionError.class, () -> ArchitectureRules.RUNNERS_USE_ADAPTERS_ONLY_IN_WIRING
                .check(of(CommandUsingAnAdapter.class, WiringUsingAnAdapter.class, OtherAdapter.class)));
        assertTrue(e.getMessage().contains("CommandUsingAnAdapter") && e.getMessage().contains("OtherAdapter"), e.getMessage());
        assertTrue(!e.getMessage().contains("WiringUsingAnAdapter"), "the wiring package may use adapters: " + e.getMessage());
    }

    @Test
    void aRuleOverNoMatchingClassFailsInsteadOfPassingEmpty() {
        // A misspelt package would select nothing; ArchUnit must then fail, not pass.
        assertThrows(AssertionError.class, () -> ArchitectureRules.CORE_DEPENDS_ONLY_ON_JDK_AND_SLF4J.check(of(OtherAdapter.class)));
    }
}
