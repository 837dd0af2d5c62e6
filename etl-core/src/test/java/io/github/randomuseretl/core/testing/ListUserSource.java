package io.github.randomuseretl.core.testing;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.UserSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An in-memory source that delivers the same records for every slot and counts its fetches. */
public final class ListUserSource implements UserSource {

    private final List<RawRecord> records;
    private final AtomicInteger fetches = new AtomicInteger();

    /**
     * @param records what every fetch delivers
     */
    public ListUserSource(List<RawRecord> records) {
        this.records = List.copyOf(records);
    }

    @Override
    public FetchStats fetch(FetchRequest request, Consumer<RawRecord> sink) {
        fetches.incrementAndGet();
        long bytes = 0;
        StringBuilder page = new StringBuilder("[");
        for (RawRecord r : records) {
            sink.accept(r);
            bytes += r.payload().length();
            page.append(page.length() > 1 ? "," : "").append(r.payload());
        }
        // One page with every record, as a page-reading source would hand it to an archive.
        request.pages().received(1, page.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new FetchStats(records.size(), 1, 0, bytes);
    }

    @Override
    public Map<String, String> parameters(FetchRequest request) {
        return Map.of("source", "list", "slot", request.slot().toString());
    }

    /** @return how many times {@link #fetch} ran */
    public int fetches() {
        return fetches.get();
    }
}
