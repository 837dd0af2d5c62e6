/**
 * Reading settings once, at start-up, from a map of names to text (environment variables, flags):
 * typed getters that stop with an {@link io.github.randomuseretl.core.config.InvalidSettingException}
 * whose one-line message names the setting and what it expects. Each module parses its own settings
 * with it, so the scheduler and the Lambda runner read the same names the same way.
 */
package io.github.randomuseretl.core.config;
