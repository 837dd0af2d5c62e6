package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import java.util.List;

/** What the validator does with a field the contract does not know ({@code ETL_UNKNOWN_FIELDS}). */
public enum UnknownFields {
    /** Load the known part of the record and record the unknown field's pointer with the run (the default). */
    RECORD,
    /** Quarantine the record, with the reason "unknown field" at the field's pointer. */
    REJECT;

    /** {@code ETL_UNKNOWN_FIELDS}. */
    public static final Setting<UnknownFields> SETTING = Setting.named("ETL_UNKNOWN_FIELDS")
            .means("a field the contract does not know (schema drift): record loads the known part and counts the field's "
                    + "JSON pointer with the run (runs, etl_unknown_fields_total); reject quarantines the record with the reason "
                    + "unknown field")
            .usedFor(Use.RUN)
            .oneOf(RECORD);

    /** The setting, as a list for the catalog. */
    public static final List<Setting<?>> SETTINGS = List.of(SETTING);

    /**
     * @param settings the settings
     * @return the mode
     */
    public static UnknownFields from(Settings settings) {
        return SETTING.read(settings);
    }
}
