package io.github.randomuseretl.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.SettingCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Blocks of a README that are generated from code (the settings tables from the descriptors), kept
 * between two markers:
 *
 * <pre>
 * &lt;!-- BEGIN generated NAME --&gt;
 * ...
 * &lt;!-- END generated NAME --&gt;
 * </pre>
 *
 * A test compares each block with what the code generates today and fails, naming {@link #COMMAND},
 * when they differ. Run with {@code -Dreadme.update=true}, it writes the block instead.
 */
public final class GeneratedReadme {

    /** Rewrites every generated block of every README from the code. */
    public static final String COMMAND =
            "./mvnw -B -q test -Dtest='*ReadmeTest' -Dsurefire.failIfNoSpecifiedTests=false -Dreadme.update=true";

    private GeneratedReadme() {
    }

    /**
     * @param relative a README's path from the checkout's root, e.g. {@code etl-runner-lambda/README.md}
     * @return its path, found by walking up from the working directory to the folder holding {@code mvnw}
     */
    public static Path file(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve(relative))) {
                return p.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Fails unless the block {@code name} of {@code readme} is exactly {@code expected}; with
     * {@code -Dreadme.update=true}, writes it instead.
     *
     * @param readme   the README
     * @param name     the block's name in its markers
     * @param expected the block's content as the code generates it, ending in a newline
     */
    public static void assertBlock(Path readme, String name, String expected) {
        String begin = "<!-- BEGIN generated " + name + " -->\n";
        String end = "<!-- END generated " + name + " -->";
        String text;
        try {
            text = Files.readString(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            fail(readme + " has no block between \"" + begin.strip() + "\" and \"" + end + "\"");
        }
        String actual = text.substring(from + begin.length(), to);
        if (actual.equals(expected)) {
            return;
        }
        if (Boolean.getBoolean("readme.update")) {
            try {
                Files.writeString(readme, text.substring(0, from + begin.length()) + expected + text.substring(to), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        fail(readme + ": the generated block " + name + " differs from the code (first difference: " + firstDifference(actual, expected)
                + "). Edit the code, not the README, then run: " + COMMAND);
    }

    /**
     * README's table of settings, in Markdown: name (and a secret's file form), the scheduler's flag,
     * default, what a value must be, meaning and uses.
     *
     * @param catalog the settings, in the order they are documented
     * @return the table, each line ending in a newline
     */
    public static String settingsTable(SettingCatalog catalog) {
        return table(catalog, true);
    }

    /**
     * The same table without the command line's columns (flag, used for), for a runner without one.
     *
     * @param catalog the settings, in the order they are documented
     * @return the table, each line ending in a newline
     */
    public static String environmentTable(SettingCatalog catalog) {
        return table(catalog, false);
    }

    private static String table(SettingCatalog catalog, boolean commandLine) {
        StringBuilder sb = new StringBuilder(commandLine ? "| name | flag | default | value | meaning | used for |\n"
                + "| --- | --- | --- | --- | --- | --- |\n" : "| name | default | value | meaning |\n| --- | --- | --- | --- |\n");
        for (Setting<?> s : catalog.all()) {
            List<String> cells = new ArrayList<>(List.of(code(s.name()) + s.fileName().map(f -> ", " + code(f)).orElse("")));
            if (commandLine) {
                cells.add(code(s.flag()) + s.fileFlag().map(f -> ", " + code(f)).orElse(""));
            }
            cells.addAll(List.of(cell(s.defaultText()), cell(s.expected()), cell(s.meaning())));
            if (commandLine) {
                cells.add(s.uses().stream().sorted().map(u -> u.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return sb.toString();
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    /** Escapes what Markdown would read as a cell's end, emphasis or an HTML tag. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("*", "\\*").replace("<", "\\<");
    }

    private static String firstDifference(String actual, String expected) {
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, e.length); i++) {
            String al = i < a.length ? a[i] : "(nothing)";
            String el = i < e.length ? e[i] : "(nothing)";
            if (!al.equals(el)) {
                return "line " + (i + 1) + " is\n  " + al + "\nbut the code says\n  " + el + "\n";
            }
        }
        return "none";
    }
}
