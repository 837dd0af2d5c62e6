package io.github.randomuseretl.runner.scheduler.serve;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.UserSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A source whose fetches can be cut short when a stop's grace period runs out. Only a fetch is
 * interrupted, never the load: the interrupt flag is cleared as the fetch ends, so the pipeline can
 * still record the run as failed in the ledger (a JDBC call on an interrupted thread would fail too).
 */
public final class AbortableSource implements UserSource {

    private final UserSource delegate;
    private final Set<Thread> fetching = ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;

    /**
     * @param delegate the real source
     */
    public AbortableSource(UserSource delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (aborted) {
                throw new SourceException("the process is stopping; the fetch was not started");
            }
            fetching.add(me);
        }
        try {
            return delegate.fetch(request, records);
        } finally {
            synchronized (this) {
                fetching.remove(me);
            }
            if (aborted) {
                // The interrupt was meant for the fetch only; the ledger still has to be written.
                Thread.interrupted();
            }
        }
    }

    @Override
    public Map<String, String> parameters(FetchRequest request) {
        return delegate.parameters(request);
    }

    /** Forwarded: what a run costs against the source's budget is the real source's to say. */
    @Override
    public long requestedUsers() {
        return delegate.requestedUsers();
    }

    /** Interrupts every fetch in flight and refuses new ones. */
    public synchronized void abort() {
        aborted = true;
        fetching.forEach(Thread::interrupt);
    }
}
