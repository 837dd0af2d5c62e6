package io.github.randomuseretl.adapter.archive;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.randomuseretl.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** This module keeps the architecture: no other adapter, no runner, no Guice. */
class ArchitectureTest {

    @Test
    void archiveAdapterKeepsEveryRule() {
        JavaClasses classes = ArchitectureRules.productionClasses();
        assertTrue(classes.contain(FileRawArchive.class));
        ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_RUNNERS.check(classes);
        ArchitectureRules.ONLY_RUNNERS_USE_GUICE.check(classes);
        ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
        noClasses().that().resideInAPackage(ArchitectureRules.ROOT + ".adapter.archive..")
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.ROOT + ".adapter.postgres..",
                        ArchitectureRules.ROOT + ".adapter.postgresembedded..", ArchitectureRules.ROOT + ".adapter.randomuser..")
                .because("adapters never depend on each other: rebuild reads the archive through the core's port")
                .check(classes);
    }
}
