package io.github.randomuseretl.core.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.randomuseretl.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The core's own production classes keep the architecture. */
class ArchitectureTest {

    @Test
    void coreProductionClassesKeepEveryRule() {
        JavaClasses classes = ArchitectureRules.productionClasses();
        assertTrue(classes.contain(io.github.randomuseretl.core.pipeline.EtlPipeline.class));
        assertTrue(classes.stream().noneMatch(c -> c.getPackageName().contains("violation")), "deliberate violations are test classes");
        ArchitectureRules.checkAll(classes);
    }
}
