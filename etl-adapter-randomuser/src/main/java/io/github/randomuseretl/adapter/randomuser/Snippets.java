package io.github.randomuseretl.adapter.randomuser;

import tools.jackson.databind.JsonNode;

/** Short, single-line, printable excerpts of what a server said, for exception messages. */
final class Snippets {

    private Snippets() {
    }

    /**
     * @param text any text
     * @param max  the most characters kept
     * @return the text on one line, control characters replaced, cut with an ellipsis
     */
    static String clean(String text, int max) {
        String oneLine = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    /**
     * @param error the value of an {@code error} property
     * @return its text, cleaned
     */
    static String errorText(JsonNode error) {
        return error.isString() ? clean(error.stringValue(), 300) : "(an error of type " + error.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
