package io.github.randomuseretl.runner.lambda.wiring;

import io.github.randomuseretl.core.testing.GeneratedReadme;
import org.junit.jupiter.api.Test;

class LambdaReadmeTest {

    @Test
    void theModuleReadmeListsEverySettingTheFunctionReadsFromTheDescriptors() {
        GeneratedReadme.assertBlock(GeneratedReadme.file("etl-runner-lambda/README.md"), "settings",
                GeneratedReadme.environmentTable(LambdaConfig.CATALOG));
    }
}
