package io.github.randomuseretl.runner.scheduler.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KnownSettingsTest {

    @Test
    void everyNameTheSchedulerReadsIsADeclaredSetting() {
        // A server of one's own, and the embedded database.
        Settings server = Settings.of(Map.of("ETL_DB_URL", "jdbc:postgresql://db/etl", "ETL_DB_USER", "etl"));
        Settings embedded = Settings.of(Map.of());
        SchedulerConfig.from(server);
        SchedulerConfig.from(embedded);
        Set<String> read = new TreeSet<>(server.known());
        read.addAll(embedded.known());
        Set<String> undeclared = new TreeSet<>();
        for (String name : read) {
            if (KnownSettings.find(name).isEmpty()) {
                undeclared.add(name);
            }
        }
        assertEquals(Set.of(), undeclared, "read but not declared, so missing from flags, help, config and README");
        for (Setting<?> s : KnownSettings.CATALOG.all()) {
            assertTrue(read.contains(s.name()), s.name() + " is declared but nothing reads it");
        }
    }

    @Test
    void aSecretsFileFormIsASettingTooButNoOtherFileForm() {
        assertEquals(Optional.of("ETL_DB_PASSWORD"), KnownSettings.find("ETL_DB_PASSWORD_FILE").map(Setting::name));
        assertEquals(Optional.empty(), KnownSettings.find("ETL_DB_URL_FILE"));
        assertEquals(Optional.empty(), KnownSettings.find("ETL_TEST_DB_URL"));
    }

    @Test
    void aSettingWhoseNameSaysItIsACredentialIsDeclaredSecret() {
        for (Setting<?> s : KnownSettings.CATALOG.all()) {
            boolean looksSecret = s.name().matches(".*(PASSWORD|SECRET|TOKEN|_KEY)$");
            assertEquals(looksSecret, s.secret(), s.name() + ": " + (looksSecret ? "must be declared secret()" : "is not a credential"));
        }
    }

    @Test
    void typosGetTheClosestNameAndOtherProgramsNamesAreLeftAlone() {
        assertEquals(List.of("ETL_USRS_PER_RUN is not a setting; did you mean ETL_USERS_PER_RUN?"),
                KnownSettings.CATALOG.unknown(List.of("ETL_USRS_PER_RUN", "ETL_USERS_PER_RUN", "HOME", "POSTGRES_PASSWORD")));
    }
}
