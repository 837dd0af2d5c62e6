package io.github.randomuseretl.core.model;

/**
 * One record exactly as a source delivered it, opaque to the core: only the validator reads it.
 *
 * @param payload the record's text (for randomuser.me, one JSON object)
 * @param origin  where it came from
 */
public record RawRecord(String payload, Origin origin) {

    /** Checks that both parts are present. */
    public RawRecord {
        Checks.present(payload, "payload");
        Checks.present(origin, "origin");
    }

    /** Never prints the payload: it may hold personal data or credentials. */
    @Override
    public String toString() {
        return "RawRecord[" + origin + ", " + payload.length() + " chars]";
    }

    /**
     * Where a raw record came from.
     *
     * @param source a description of the request, without credentials (e.g. the URL of the page)
     * @param page   the page number, from 1
     * @param index  the record's position in the page, from 0
     */
    public record Origin(String source, int page, int index) {

        /** Checks that the source is present and the numbers are in range. */
        public Origin {
            Checks.notBlank(source, "origin.source");
            if (page < 1) {
                throw new IllegalArgumentException("origin.page must be 1 or more, got " + page);
            }
            if (index < 0) {
                throw new IllegalArgumentException("origin.index must be 0 or more, got " + index);
            }
        }

        @Override
        public String toString() {
            return source + " page " + page + " #" + index;
        }
    }
}
