package io.github.randomuseretl.runner.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void credentialsInsideUrlsAreMasked() {
        assertEquals("jdbc:postgresql://db:5432/etl?user=etl&password=***&sslmode=require",
                Masking.text("jdbc:postgresql://db:5432/etl?user=etl&password=s3cr3t&sslmode=require"));
        assertEquals("https://***@example.com/api", Masking.text("https://bob:pw@example.com/api"));
        assertEquals("connect failed: sslpassword=*** rejected", Masking.text("connect failed: sslpassword=abc rejected"));
    }
}
