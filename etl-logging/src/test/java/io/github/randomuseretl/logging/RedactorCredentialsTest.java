package io.github.randomuseretl.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactorCredentialsTest {

    @Test
    void credentialsInsideUrlsAndParametersAreMasked() {
        assertEquals("jdbc:postgresql://db:5432/etl?user=etl&password=***&sslmode=require",
                Redactor.credentials("jdbc:postgresql://db:5432/etl?user=etl&password=s3cr3t&sslmode=require"));
        assertEquals("https://***@example.com/api", Redactor.credentials("https://bob:pw@example.com/api"));
        assertEquals("connect failed: sslpassword=*** rejected", Redactor.credentials("connect failed: sslpassword=abc rejected"));
    }
}
