package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.config.Settings;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read through it and fails once more than a cap have come: a hostile or broken server cannot exhaust memory or time. */
final class CappedInputStream extends FilterInputStream {

    private final long cap;
    private long count;

    /**
     * @param in  the stream
     * @param cap the most bytes allowed
     */
    CappedInputStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    /** The response has more bytes than the cap. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long cap) {
            super("response larger than " + Settings.humanBytes(cap) + " cap");
        }
    }

    /** @return bytes read so far */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    private void add(long n) throws TooLargeException {
        count += n;
        if (count > cap) {
            throw new TooLargeException(cap);
        }
    }
}
