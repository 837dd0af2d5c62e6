package io.github.randomuseretl.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting a program reads, gathered from the modules that declare them, in their order. A runner
 * builds one from its modules' descriptor lists and derives its flags, help, {@code config} output and
 * unknown-name warnings from it.
 */
public final class SettingCatalog {

    private final Map<String, Setting<?>> byName = new LinkedHashMap<>();

    private SettingCatalog(Collection<? extends Collection<? extends Setting<?>>> groups) {
        for (Collection<? extends Setting<?>> group : groups) {
            for (Setting<?> s : group) {
                if (byName.putIfAbsent(s.name(), s) != null) {
                    throw new IllegalArgumentException(s.name() + " is declared twice");
                }
            }
        }
    }

    /**
     * @param groups each module's settings
     * @return the catalog
     * @throws IllegalArgumentException if a name is declared twice
     */
    @SafeVarargs
    public static SettingCatalog of(Collection<? extends Setting<?>>... groups) {
        return new SettingCatalog(List.of(groups));
    }

    /** @return every setting, in declaration order */
    public List<Setting<?>> all() {
        return List.copyOf(byName.values());
    }

    /**
     * @param uses what a command does
     * @return the settings it reads: those with at least one of these uses, in declaration order
     */
    public List<Setting<?>> usedFor(Set<Use> uses) {
        List<Setting<?>> out = new ArrayList<>();
        for (Setting<?> s : byName.values()) {
            if (s.uses().stream().anyMatch(uses::contains)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * @param name an environment name; {@code NAME_FILE} finds a secret {@code NAME}
     * @return its setting
     */
    public Optional<Setting<?>> find(String name) {
        Setting<?> s = byName.get(name);
        if (s == null && name.endsWith(Setting.FILE_SUFFIX)) {
            Setting<?> secret = byName.get(name.substring(0, name.length() - Setting.FILE_SUFFIX.length()));
            if (secret != null && secret.secret()) {
                return Optional.of(secret);
            }
        }
        return Optional.ofNullable(s);
    }

    /**
     * The setting whose name is closest to an unknown one, for "did you mean" hints.
     *
     * @param unknown a name that is no setting
     * @return the closest name, if one is near enough to be a likely typo
     */
    public Optional<String> closest(String unknown) {
        String u = unknown.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : byName.keySet()) {
            int d = distance(u, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        // A third of the name may be wrong: ETL_RUN_TIMOUT and ETL_USER_PER_RUN are found, ETL_FOO is not.
        return best != null && bestDistance <= Math.max(2, u.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /**
     * The warnings for names given that no setting has: a typo would otherwise silently leave the
     * default in place.
     *
     * @param given names set in the environment or on the command line; only {@code ETL_} ones are checked
     * @return one line per unknown name, with the closest setting when one is near, e.g.
     *         {@code ETL_RUN_TIMOUT is not a setting; did you mean ETL_RUN_TIMEOUT?}
     */
    public List<String> unknown(Collection<String> given) {
        return new TreeSet<>(given).stream()
                .filter(name -> name.startsWith("ETL_") && find(name).isEmpty())
                .map(name -> name + " is not a setting" + closest(name).map(c -> "; did you mean " + c + "?")
                        .orElse(" of this program; check its spelling"))
                .toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
