package io.github.randomuseretl.adapter.randomuser;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Keeps a copy of every byte read through it: the page exactly as received, for the raw archive. The
 * stream it wraps is capped ({@code ETL_MAX_RESPONSE_BYTES}), so the copy is too.
 */
final class PageCopy extends FilterInputStream {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream(8192);

    PageCopy(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            copy.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            copy.write(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes are still part of the page: read them through the copy.
        return transferTo(OutputStream.nullOutputStream(), n);
    }

    private long transferTo(OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[8192];
        long done = 0;
        while (done < max) {
            int n = read(buffer, 0, (int) Math.min(buffer.length, max - done));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            done += n;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /**
     * Reads what the parser left unread (nothing, for a page it accepted), so the copy is the whole body.
     *
     * @return the page's bytes
     * @throws IOException if the rest could not be read
     */
    byte[] whole() throws IOException {
        transferTo(OutputStream.nullOutputStream(), Long.MAX_VALUE);
        return copy.toByteArray();
    }
}
