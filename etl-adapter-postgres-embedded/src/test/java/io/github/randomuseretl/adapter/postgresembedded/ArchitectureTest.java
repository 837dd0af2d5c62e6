package io.github.randomuseretl.adapter.postgresembedded;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.randomuseretl.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** This module keeps the architecture: no other adapter (it hands out a JDBC URL, nothing more), no runner, no Guice. */
class ArchitectureTest {

    @Test
    void embeddedPostgresAdapterKeepsEveryRule() {
        JavaClasses classes = ArchitectureRules.productionClasses();
        assertTrue(classes.contain(EmbeddedPostgresServer.class));
        // As in the other adapters, the rules that apply to an adapter one by one (the core comes from its jar).
        ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_RUNNERS.check(classes);
        ArchitectureRules.ONLY_RUNNERS_USE_GUICE.check(classes);
        ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
        // The slices rule only sees adapters imported here, so say it directly for the others.
        noClasses().that().resideInAPackage(ArchitectureRules.ROOT + ".adapter.postgresembedded..")
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.ROOT + ".adapter.postgres..",
                        ArchitectureRules.ROOT + ".adapter.randomuser..")
                .because("adapters never depend on each other: this one hands the runner a JDBC URL")
                .check(classes);
    }
}
