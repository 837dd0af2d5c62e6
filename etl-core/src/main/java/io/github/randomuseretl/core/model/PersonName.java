package io.github.randomuseretl.core.model;

/**
 * A person's name as the source gives it.
 *
 * @param title a courtesy title such as {@code Mr} or {@code Madame}; may be empty, never null
 * @param first the given name, not blank
 * @param last  the family name, not blank
 */
public record PersonName(String title, String first, String last) {

    /** Checks the invariants above. */
    public PersonName {
        Checks.present(title, "name.title");
        Checks.notBlank(first, "name.first");
        Checks.notBlank(last, "name.last");
    }
}
