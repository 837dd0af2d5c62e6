package io.github.randomuseretl.runner.scheduler.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Picks records out of recorded API responses. */
final class FakeRandomUserApiRecords {

    private FakeRandomUserApiRecords() {
    }

    /** @return the first object of the response's results array */
    static String first(String response) {
        int start = response.indexOf('{', response.indexOf("\"results\""));
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < response.length(); i++) {
            char c = response.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return response.substring(start, i + 1);
            }
        }
        throw new IllegalStateException("no record");
    }

    static String uuid(String record) {
        Matcher m = Pattern.compile("\"uuid\":\"([0-9a-f-]{36})\"").matcher(record);
        if (!m.find()) {
            throw new IllegalStateException("no uuid");
        }
        return m.group(1);
    }
}
