package io.github.randomuseretl.adapter.randomuser;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Recorded responses made to answer a given request, as the real API would echo it in {@code info}. */
final class ApiResponses {

    private ApiResponses() {
    }

    /**
     * @param fixture e.g. {@code v1.4/seed-single-results-1.json}
     * @param query   the request's decoded query
     * @param version the version in the request's path
     * @return the fixture's bytes with {@code info} rewritten to echo the request
     */
    static byte[] echoing(String fixture, Map<String, String> query, String version) {
        String text = FixtureRecords.text(fixture);
        int at = text.lastIndexOf("\"info\":{");
        if (at < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        int end = text.indexOf('}', at);
        String seed = query.getOrDefault("seed", "") + (query.containsKey("lego") ? "-1" : "");
        String info = "\"info\":{\"seed\":\"" + seed.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"results\":"
                + query.getOrDefault("results", "1") + ",\"page\":" + query.getOrDefault("page", "1") + ",\"version\":\"" + version + "\"}";
        return (text.substring(0, at) + info + text.substring(end + 1)).getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a raw query string. */
    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }
}
