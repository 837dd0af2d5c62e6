package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.Slot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import io.github.randomuseretl.core.model.ArchivedObject;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a run's raw pages live in a {@link RawArchive}: a Hive-style layout, so Athena, Spark or DuckDB
 * can read the lake with partition pruning, and a lifecycle rule can expire it by date.
 *
 * <pre>
 * &lt;pipeline&gt;/api=&lt;version&gt;/date=&lt;yyyy-MM-dd&gt;/slot=&lt;HHmm&gt;/attempt=&lt;n&gt;/page-&lt;p&gt;.json.gz
 * &lt;pipeline&gt;/api=&lt;version&gt;/date=&lt;yyyy-MM-dd&gt;/slot=&lt;HHmm&gt;/attempt=&lt;n&gt;/manifest.tsv.gz
 * </pre>
 *
 * <p>{@code attempt} is the run's attempt in the ledger. The manifest is written after the attempt's
 * last page and before its batch is committed; it lists the pages (one {@code name TAB bytes TAB sha256}
 * line each), so an attempt with a manifest is complete, and a rebuild reads the latest complete
 * attempt of a slot: the one that was loaded, since a slot is never run again once it succeeded.
 */
public final class ArchiveLayout {

    /** The manifest's name inside an attempt's folder. */
    public static final String MANIFEST = "manifest.tsv.gz";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);
    private static final Pattern ATTEMPT = Pattern.compile("attempt=(\\d{1,9})/" + Pattern.quote(MANIFEST));
    private static final Pattern PAGE = Pattern.compile("page-(\\d{1,9})\\.json\\.gz");

    private ArchiveLayout() {
    }

    /**
     * @param pipeline the pipeline's name
     * @param api      the source's API version (e.g. {@code 1.4})
     * @param slot     the slot
     * @return the slot's folder, ending {@code /}
     */
    public static String slotPrefix(String pipeline, String api, Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return segment(pipeline) + "/api=" + segment(api) + "/date=" + DATE.format(slot.start()) + "/slot=" + HHMM.format(slot.start()) + "/";
    }

    /** @return the folder of one attempt of a slot, ending {@code /} */
    public static String attemptPrefix(String pipeline, String api, Slot slot, int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt);
        }
        return slotPrefix(pipeline, api, slot) + "attempt=" + attempt + "/";
    }

    /** @return the key of a page's name in an attempt's folder */
    public static String pageName(int page) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, got " + page);
        }
        return "page-" + page + ".json.gz";
    }

    /**
     * @param slotKeys keys listed under {@link #slotPrefix}
     * @param prefix   that prefix
     * @return the latest attempt with a manifest (a complete attempt), if any
     */
    public static OptionalInt latestComplete(List<String> slotKeys, String prefix) {
        int best = 0;
        for (String key : slotKeys) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            Matcher m = ATTEMPT.matcher(key.substring(prefix.length()));
            if (m.matches()) {
                best = Math.max(best, Integer.parseInt(m.group(1)));
            }
        }
        return best == 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /**
     * @param pages the attempt's pages in order
     * @return the manifest's text
     */
    public static byte[] manifest(List<ArchivedObject> pages) {
        StringBuilder b = new StringBuilder();
        for (ArchivedObject o : pages) {
            b.append(o.key().substring(o.key().lastIndexOf('/') + 1)).append('\t').append(o.bytes()).append('\t').append(o.sha256()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param manifest a manifest's text
     * @return the page names it lists, in order
     * @throws ArchiveException if a line is not a page entry
     */
    public static List<String> pages(byte[] manifest) {
        List<String> names = new ArrayList<>();
        for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String name = line.split("\t", 2)[0];
            if (!PAGE.matcher(name).matches()) {
                throw new ArchiveException("manifest line is not a page entry: " + (name.length() > 80 ? name.substring(0, 80) : name));
            }
            names.add(name);
        }
        return names;
    }

    /** A path segment that cannot escape its folder. */
    private static String segment(String s) {
        Objects.requireNonNull(s, "segment");
        if (s.isBlank()) {
            throw new IllegalArgumentException("an archive path segment must not be blank");
        }
        String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8);
        return encoded.equals(".") || encoded.equals("..") ? "%2E" + encoded.substring(1) : encoded;
    }
}
