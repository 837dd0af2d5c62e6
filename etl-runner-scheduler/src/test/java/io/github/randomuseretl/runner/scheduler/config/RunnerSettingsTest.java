package io.github.randomuseretl.runner.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerSettingsTest {

    @Test
    void defaultsServeEveryMinuteOnPort8080WithTextLogs() {
        RunnerSettings r = RunnerSettings.from(Settings.of(Map.of()));
        assertEquals(8080, r.httpPort());
        assertEquals("0.0.0.0", r.httpBind().getHostAddress(), "every IPv4 interface, as a container's probes need");
        assertEquals("text", r.logFormat());
        assertEquals("info", r.logLevel());
        assertEquals(Duration.ofMinutes(5), r.readyMaxAge());
        assertEquals(Duration.ofSeconds(30), r.shutdownGrace());
    }

    @Test
    void readsEveryRunnerSetting() {
        RunnerSettings r = RunnerSettings.from(Settings.of(Map.of("ETL_HTTP_PORT", "0",
                "ETL_LOG_FORMAT", "JSON", "ETL_LOG_LEVEL", "debug", "ETL_READY_MAX_AGE", "90s", "ETL_SHUTDOWN_GRACE", "0s")));
        assertEquals(0, r.httpPort());
        assertEquals("json", r.logFormat(), "read lower case, as LogSetup takes it");
        assertEquals("debug", r.logLevel());
        assertEquals(Duration.ofSeconds(90), r.readyMaxAge());
        assertEquals(Duration.ZERO, r.shutdownGrace());
    }

    @Test
    void aWrongSettingStopsWithOneLineNamingIt() {
        Map<String, String> bad = Map.of(
                "ETL_HTTP_PORT", "80800",
                "ETL_LOG_FORMAT", "xml",
                "ETL_READY_MAX_AGE", "soon",
                "ETL_SHUTDOWN_GRACE", "1h",
                "ETL_HTTP_BIND", "localhost");
        bad.forEach((name, value) -> {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> RunnerSettings.from(Settings.of(Map.of(name, value))), name);
            assertEquals(name, e.setting());
            assertTrue(e.getMessage().startsWith(name + " must be "), e.getMessage());
            assertTrue(e.getMessage().contains(value), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        });
    }

    @Test
    void theOpsPortBindsTheAddressGivenAsAnIpLiteralOnly() {
        assertEquals("127.0.0.1", RunnerSettings.from(Settings.of(Map.of("ETL_HTTP_BIND", "127.0.0.1"))).httpBind().getHostAddress());
        assertEquals("0:0:0:0:0:0:0:0", RunnerSettings.from(Settings.of(Map.of("ETL_HTTP_BIND", "::"))).httpBind().getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", RunnerSettings.from(Settings.of(Map.of("ETL_HTTP_BIND", "[::1]"))).httpBind().getHostAddress());
        for (String bad : new String[] {"example.com", "999.1.1.1", "10.0.0", "0.0.0.0:8080"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> RunnerSettings.from(Settings.of(Map.of("ETL_HTTP_BIND", bad))), bad);
            assertTrue(e.getMessage().startsWith("ETL_HTTP_BIND must be an IP address of this host"), e.getMessage());
        }
    }
}
