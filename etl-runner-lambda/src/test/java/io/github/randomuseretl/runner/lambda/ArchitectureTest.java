package io.github.randomuseretl.runner.lambda;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.randomuseretl.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The Lambda runner's production classes keep the architecture: no other runner, adapters only in its wiring, no package cycles. */
class ArchitectureTest {

    @Test
    void lambdaRunnerKeepsEveryRuleThatAppliesToARunner() {
        JavaClasses classes = ArchitectureRules.productionClasses();
        assertTrue(classes.contain(LambdaHandler.class));
        // checkAll would also run the core-only and the Guice rule, which find no class here to check (the
        // core comes from its jar; a runner may use Guice) and ArchUnit fails a rule that checks nothing;
        // so the rules that apply to a runner are checked one by one.
        ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
        ArchitectureRules.RUNNERS_USE_ADAPTERS_ONLY_IN_WIRING.check(classes);
        // The slices rule only sees the runners imported here, so say it directly for the other runner.
        noClasses().that().resideInAPackage(ArchitectureRules.ROOT + ".runner.lambda..")
                .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.ROOT + ".runner.scheduler..")
                .because("runners share the core and the adapters, never each other")
                .check(classes);
    }
}
