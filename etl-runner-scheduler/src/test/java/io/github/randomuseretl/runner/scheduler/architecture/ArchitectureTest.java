package io.github.randomuseretl.runner.scheduler.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.randomuseretl.core.testing.ArchitectureRules;
import io.github.randomuseretl.runner.scheduler.Main;
import io.github.randomuseretl.runner.scheduler.wiring.SchedulerModule;
import org.junit.jupiter.api.Test;

/** The scheduler's production classes keep the architecture: no other runner, no package cycles. */
class ArchitectureTest {

    @Test
    void schedulerKeepsTheRulesThatApplyToARunner() {
        JavaClasses classes = ArchitectureRules.productionClasses();
        assertTrue(classes.contain(Main.class) && classes.contain(SchedulerModule.class));
        ArchitectureRules.checkAll(classes);
        // The slices rule only sees runners imported here, so say it directly for the other runner.
        noClasses().that().resideInAPackage(ArchitectureRules.ROOT + ".runner.scheduler..")
                .should().dependOnClassesThat().resideInAPackage(ArchitectureRules.ROOT + ".runner.lambda..")
                .because("each runner is deployed alone")
                .check(classes);
    }
}
