package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresSettingsTest {

    private static PostgresSettings from(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return PostgresSettings.from(Settings.of(env));
    }

    private static InvalidSettingException invalid(String... pairs) {
        return assertThrows(InvalidSettingException.class, () -> from(pairs));
    }

    @Test
    void defaultsApplyWhenOnlyTheUrlAndUserAreSet() {
        PostgresSettings s = from("ETL_DB_URL", "jdbc:postgresql://db.example.com/etl", "ETL_DB_USER", "etl");

        assertEquals("jdbc:postgresql://db.example.com/etl", s.url());
        assertEquals("etl", s.user());
        assertNull(s.password());
        assertEquals("randomuser", s.schema());
        assertEquals(Duration.ofDays(30), s.retention());
        assertEquals(4, s.poolSize());
        assertEquals("db.example.com:5432/etl", s.hostAndDatabase());
    }

    @Test
    void everySettingIsRead() {
        PostgresSettings s = from("ETL_DB_URL", "jdbc:postgresql://a:6432,b:6433/etl?sslmode=verify-full&targetServerType=primary",
                "ETL_DB_USER", "loader", "ETL_DB_PASSWORD", "s3cret", "ETL_DB_SCHEMA", "etl_2", "ETL_RETENTION_DAYS", "7", "ETL_DB_POOL_SIZE", "10");

        assertEquals("loader", s.user());
        assertEquals("s3cret", s.password());
        assertEquals("etl_2", s.schema());
        assertEquals(Duration.ofDays(7), s.retention());
        assertEquals(10, s.poolSize());
        assertEquals("a:6432,b:6433/etl", s.hostAndDatabase());
        assertEquals("jdbc:postgresql://a:6432,b:6433/etl?sslmode=verify-full&targetServerType=primary", s.driverUrl(), "driver options pass through");
    }

    @Test
    void userAndPasswordInTheUrlAreTakenOutOfIt() {
        PostgresSettings s = from("ETL_DB_URL", "jdbc:postgresql://h:5432/etl?user=etl&password=p%40ss%26word&sslmode=require");

        assertEquals("etl", s.user());
        assertEquals("p@ss&word", s.password());
        assertEquals("jdbc:postgresql://h:5432/etl?sslmode=require", s.url());
    }

    @Test
    void secretDriverOptionsTravelAsPropertiesNeverInTheUrl() {
        PostgresSettings s = from("ETL_DB_URL", "jdbc:postgresql://h/etl?sslmode=verify-full&sslpassword=k3y-pass&sslkey=/run/key.pk8",
                "ETL_DB_USER", "etl");

        assertEquals("jdbc:postgresql://h/etl?sslmode=verify-full", s.driverUrl());
        assertEquals(Map.of("sslpassword", "k3y-pass", "sslkey", "/run/key.pk8"), s.secretOptions());
    }

    @Test
    void descriptionsNeverShowThePasswordNorSecretOptions() {
        PostgresSettings s = from("ETL_DB_URL", "jdbc:postgresql://h/etl?password=Hunter-2&sslpassword=Key-Pass-9&ApplicationName=x",
                "ETL_DB_USER", "etl");
        String all = s + " " + s.describe() + " " + s.redactedUrl();

        assertFalse(all.contains("Hunter-2"), all);
        assertFalse(all.contains("Key-Pass-9"), all);
        assertEquals("jdbc:postgresql://h/etl?sslpassword=***&ApplicationName=x", s.redactedUrl());
        assertEquals("PostgreSQL h:5432/etl (schema randomuser, pool 4, retention 30d)", s.describe());
    }

    @Test
    void passwordComesFromAFileToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\n");

        assertEquals("from-file", from("ETL_DB_URL", "jdbc:postgresql://h/etl", "ETL_DB_USER", "etl", "ETL_DB_PASSWORD_FILE", file.toString()).password());
    }

    @Test
    void wrongOrMissingValuesNameTheSettingInOneLine() {
        assertEquals("ETL_DB_URL must be a JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE?sslmode=require (it is not set)",
                invalid("ETL_DB_USER", "etl").getMessage());
        assertEquals("ETL_DB_URL", invalid("ETL_DB_URL", "postgres://h/etl", "ETL_DB_USER", "etl").setting());
        assertEquals("ETL_DB_URL", invalid("ETL_DB_URL", "jdbc:postgresql://h:5432", "ETL_DB_USER", "etl").setting(), "no database");
        assertEquals("ETL_DB_USER must be the role to log in as (or user=... in ETL_DB_URL) (it is not set)",
                invalid("ETL_DB_URL", "jdbc:postgresql://h/etl").getMessage());
        assertEquals("ETL_DB_SCHEMA", invalid("ETL_DB_URL", "jdbc:postgresql://h/etl", "ETL_DB_USER", "etl", "ETL_DB_SCHEMA", "Users").setting());
        assertEquals("ETL_DB_SCHEMA", invalid("ETL_DB_URL", "jdbc:postgresql://h/etl", "ETL_DB_USER", "etl", "ETL_DB_SCHEMA", "x;drop table y").setting());
        assertEquals("ETL_DB_SCHEMA", invalid("ETL_DB_URL", "jdbc:postgresql://h/etl", "ETL_DB_USER", "etl", "ETL_DB_SCHEMA", "pg_catalog").setting());
        assertEquals("ETL_RETENTION_DAYS", invalid("ETL_DB_URL", "jdbc:postgresql://h/etl", "ETL_DB_USER", "etl", "ETL_RETENTION_DAYS", "0").setting());
        assertEquals("ETL_DB_POOL_SIZE", invalid("ETL_DB_URL", "jdbc:postgresql://h/etl", "ETL_DB_USER", "etl", "ETL_DB_POOL_SIZE", "many").setting());
    }

    @Test
    void aPasswordSetTwiceOrInTheWrongPlaceIsRefusedWithoutEchoingIt() {
        InvalidSettingException twice = invalid("ETL_DB_URL", "jdbc:postgresql://h/etl?user=etl&password=Url-Pw-1", "ETL_DB_PASSWORD", "Env-Pw-2");
        assertEquals("ETL_DB_PASSWORD must be set in ETL_DB_PASSWORD or in ETL_DB_URL, not both, got \"***\"", twice.getMessage());

        InvalidSettingException userInfo = invalid("ETL_DB_URL", "jdbc:postgresql://etl:Inline-Pw-3@h/etl");
        assertEquals("ETL_DB_URL", userInfo.setting());
        assertFalse(userInfo.getMessage().contains("Inline-Pw-3"), userInfo.getMessage());
        assertTrue(userInfo.getMessage().contains("ETL_DB_USER and ETL_DB_PASSWORD"), userInfo.getMessage());

        InvalidSettingException notPostgres = invalid("ETL_DB_URL", "jdbc:mysql://h/etl?password=Other-Pw-4", "ETL_DB_USER", "etl");
        assertFalse(notPostgres.getMessage().contains("Other-Pw-4"), notPostgres.getMessage());
    }
}
