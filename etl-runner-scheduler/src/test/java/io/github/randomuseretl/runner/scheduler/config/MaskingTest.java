package io.github.randomuseretl.runner.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void secretSettingsAreMaskedButTheirFilePathsAreNot() {
        assertEquals("***", Masking.value("ETL_DB_PASSWORD", "hunter2"));
        assertEquals("/run/secrets/db", Masking.value("ETL_DB_PASSWORD_FILE", "/run/secrets/db"));
        assertEquals("***", Masking.value("ETL_API_TOKEN", "abc"));
        assertEquals("100", Masking.value("ETL_USERS_PER_RUN", "100"));
        assertTrue(Masking.isSecret("ETL_SOME_SECRET"));
        assertFalse(Masking.isSecret("ETL_DB_USER"));
    }

    @Test
    void credentialsInsideUrlsAreMasked() {
        assertEquals("jdbc:postgresql://db:5432/etl?user=etl&password=***&sslmode=require",
                Masking.value("ETL_DB_URL", "jdbc:postgresql://db:5432/etl?user=etl&password=s3cr3t&sslmode=require"));
        assertEquals("https://***@example.com/api", Masking.text("https://bob:pw@example.com/api"));
        assertEquals("connect failed: sslpassword=*** rejected", Masking.text("connect failed: sslpassword=abc rejected"));
    }
}
