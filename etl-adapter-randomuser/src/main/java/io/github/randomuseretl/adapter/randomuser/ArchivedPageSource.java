package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.port.ArchiveLayout;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.RawArchive;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.UserSource;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The source of {@code rebuild}: a slot's pages read back from the raw archive, not from the API. It
 * reads the latest complete attempt of the slot (the one with a manifest; see {@link ArchiveLayout}) under
 * the configured API version, and parses each page exactly as the HTTP source parses a response, so the
 * records go through today's contract. It asks nothing of randomuser.me and needs no ledger.
 *
 * <p>Thread-safe.
 */
public final class ArchivedPageSource implements UserSource {

    private final RawArchive archive;
    private final String pipeline;
    private final RandomUserSettings settings;

    /**
     * @param archive  where the pages are
     * @param pipeline the pipeline whose pages to read
     * @param settings the source's settings: API version and the cap on one page's bytes
     */
    public ArchivedPageSource(RawArchive archive, String pipeline, RandomUserSettings settings) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param slot a slot
     * @return true if the archive holds a complete attempt of it
     */
    public boolean archived(Slot slot) {
        String prefix = ArchiveLayout.slotPrefix(pipeline, settings.apiVersion().text(), slot);
        return ArchiveLayout.latestComplete(archive.list(prefix), prefix).isPresent();
    }

    @Override
    public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
        String version = settings.apiVersion().text();
        String prefix = ArchiveLayout.slotPrefix(pipeline, version, request.slot());
        OptionalInt attempt = ArchiveLayout.latestComplete(archive.list(prefix), prefix);
        if (attempt.isEmpty()) {
            throw new SourceException("the archive " + archive.describe() + " holds no complete attempt of slot " + request.slot()
                    + " under " + prefix, null, 0);
        }
        String folder = ArchiveLayout.attemptPrefix(pipeline, version, request.slot(), attempt.getAsInt());
        byte[] manifest = archive.get(folder + ArchiveLayout.MANIFEST, settings.maxResponseBytes())
                .orElseThrow(() -> new SourceException("the manifest of " + folder + " vanished from the archive", null, 0));
        List<String> names = ArchiveLayout.pages(manifest);
        long delivered = 0;
        long bytes = 0;
        int page = 0;
        Consumer<RawRecord> counting = records;
        for (String name : names) {
            page++;
            String key = folder + name;
            byte[] body = archive.get(key, settings.maxResponseBytes())
                    .orElseThrow(() -> new SourceException("page " + key + " is listed in its manifest but missing from the archive", null, 0));
            bytes += body.length;
            long[] count = {0};
            try {
                PageReader.read(new ByteArrayInputStream(body), expected(key, page, body), new PageReader.Progress(), r -> {
                    count[0]++;
                    counting.accept(r);
                });
            } catch (PageReader.ConsumerFailure e) {
                throw (RuntimeException) e.getCause();
            } catch (FetchFailure e) {
                throw new SourceException("archived page " + key + ": " + e.getMessage(), e, 0);
            }
            delivered += count[0];
            if (Thread.currentThread().isInterrupted()) {
                throw new SourceException("interrupted while reading the archive", null, 0);
            }
        }
        return new FetchStats(delivered, names.size(), 0, bytes);
    }

    /** The page must be what its own envelope says it is: the archived body is the API's answer as served. */
    private PageReader.Expected expected(String key, int page, byte[] body) {
        String source = archive.describe() + (archive.describe().endsWith("/") ? "" : "/") + key;
        try {
            JsonNode tree = Contract.JSON.readTree(body);
            JsonNode info = tree == null ? null : tree.get("info");
            JsonNode results = tree == null ? null : tree.get("results");
            int count = results != null && results.isArray() ? results.size() : 0;
            if (info != null && info.isObject()) {
                return new PageReader.Expected(source, info.path("page").asInt(page), count, info.path("seed").asString(""),
                        info.path("version").asString(settings.apiVersion().text()));
            }
            return new PageReader.Expected(source, page, count, "", settings.apiVersion().text());
        } catch (JacksonException e) {
            // PageReader names what is wrong with it.
            return new PageReader.Expected(source, page, 0, "", settings.apiVersion().text());
        }
    }

    @Override
    public Map<String, String> parameters(FetchRequest request) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("source", "archive");
        p.put("archive", archive.describe());
        p.put("version", settings.apiVersion().text());
        return p;
    }
}
