package io.github.randomuseretl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.Validation;
import org.junit.jupiter.api.Test;

/** Each micro-benchmark measures real work on valid input: a benchmark of a failure path would flatter. */
class PerUserBenchmarksTest {

    @Test
    void everyStageDoesItsRealWorkOnEveryRecordOfThePage() throws Exception {
        PerUserBenchmarks b = new PerUserBenchmarks();
        b.setUp();
        for (int i = 0; i < 5000; i++) {
            assertTrue(b.parse().isObject());
            assertEquals(0, b.validateSchema().size());
            assertEquals(0, b.validateSchemaNetworkntOnly().size());
            assertEquals(false, b.map() == null);
            assertInstanceOf(Validation.Accepted.class, b.parseValidateMap());
        }
    }
}
