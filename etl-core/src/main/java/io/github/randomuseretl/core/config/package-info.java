/**
 * Settings, read once at start-up from a map of names to text (environment variables, flags). Each
 * module describes the settings it reads as {@link io.github.randomuseretl.core.config.Setting}s (name,
 * meaning, default, uses, secret or not, parser and range); reading one stops with an
 * {@link io.github.randomuseretl.core.config.InvalidSettingException} whose one-line message names it.
 * A runner gathers its modules' descriptors in a {@link io.github.randomuseretl.core.config.SettingCatalog}
 * and derives its flags, help and {@code config} output from it.
 */
package io.github.randomuseretl.core.config;
