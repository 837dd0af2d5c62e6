package io.github.randomuseretl.adapter.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.randomuseretl.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** This module's production classes keep the architecture: no other adapter, no runner, no Guice, no cycles. */
class ArchitectureTest {

    @Test
    void postgresAdapterKeepsEveryRule() {
        JavaClasses classes = ArchitectureRules.productionClasses();
        assertTrue(classes.contain(PostgresUserSink.class));
        // ArchitectureRules.checkAll(classes) would also run the core-only rule, which finds no core class
        // here (the core comes from its jar) and ArchUnit fails a rule that checks nothing; so the rules
        // that apply to an adapter are checked one by one.
        ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_RUNNERS.check(classes);
        ArchitectureRules.ONLY_RUNNERS_USE_GUICE.check(classes);
        ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
        // The slices rule only sees adapters imported here, so say it directly for the other adapter.
        noClasses().that().resideInAPackage(ArchitectureRules.ROOT + ".adapter.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.ROOT + ".adapter.randomuser..")
                .because("adapters plug into the core's ports alone")
                .check(classes);
    }
}
