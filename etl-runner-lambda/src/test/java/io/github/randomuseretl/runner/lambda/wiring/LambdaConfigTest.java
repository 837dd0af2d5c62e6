package io.github.randomuseretl.runner.lambda.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.randomuseretl.core.config.Setting;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LambdaConfigTest {

    @Test
    void theCatalogIsExactlyTheSettingsTheFunctionReads() {
        Set<String> read = new TreeSet<>(LambdaConfig.from(Map.of("ETL_DB_URL", "jdbc:postgresql://db.example/etl",
                "ETL_DB_USER", "etl")).settings().known());
        // A secret's file form is read with it, and listed with it.
        read.remove("ETL_DB_PASSWORD" + Setting.FILE_SUFFIX);
        Set<String> declared = new TreeSet<>();
        LambdaConfig.CATALOG.all().forEach(s -> declared.add(s.name()));
        assertEquals(declared, read, "README's table (LambdaConfig.CATALOG) must list what the function reads, and only that");
    }
}
