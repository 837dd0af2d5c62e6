package io.github.randomuseretl.adapter.randomuser;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.randomuseretl.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** This module's production classes keep the architecture: no other adapter, no runner, no Guice, no cycles. */
class ArchitectureTest {

    @Test
    void randomUserAdapterKeepsEveryRule() {
        JavaClasses classes = ArchitectureRules.productionClasses();
        assertTrue(classes.contain(JsonSchemaUserValidator.class));
        ArchitectureRules.checkAll(classes);
        // The slices rule sees only the adapters imported here, so the other adapter is named directly.
        noClasses().that().resideInAPackage(ArchitectureRules.ROOT + ".adapter.randomuser..")
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.ROOT + ".adapter.postgres..")
                .because("adapters plug into the core's ports alone")
                .check(classes);
    }
}
