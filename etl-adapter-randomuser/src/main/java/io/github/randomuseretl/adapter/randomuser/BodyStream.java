package io.github.randomuseretl.adapter.randomuser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as a blocking {@link InputStream} whose reads give up at a deadline. The JDK's
 * request timeout only covers the wait for the headers; this bounds the whole body, so a server that
 * stalls mid-body cannot hold a run past its deadline. Asks the connection for one chunk at a time,
 * so at most two chunks are held whatever the body's size. One reader thread.
 */
final class BodyStream implements HttpResponse.BodySubscriber<InputStream> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final long deadlineNanos;
    private final Duration timeout;
    private final Reader reader = new Reader();
    private volatile Flow.Subscription subscription;

    /**
     * @param deadlineNanos the {@link System#nanoTime()} by which the whole body must have arrived
     * @param timeout       the request's timeout, for the message
     */
    BodyStream(long deadlineNanos, Duration timeout) {
        this.timeout = timeout;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        chunks.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        chunks.add(throwable);
    }

    @Override
    public void onComplete() {
        chunks.add(END);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(reader);
    }

    /** The connection failed while the body was being read (reset, closed early...). */
    static final class TransportException extends IOException {
        private static final long serialVersionUID = 1L;

        TransportException(Throwable cause) {
            super(String.valueOf(cause.getMessage()), cause);
        }
    }

    private final class Reader extends InputStream {
        private Iterator<ByteBuffer> buffers;
        private ByteBuffer current;
        private boolean done;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("body stream closed");
            }
            if (len == 0) {
                return 0;
            }
            while (current == null || !current.hasRemaining()) {
                if (buffers != null && buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (done) {
                    return -1;
                }
                Object item = next();
                if (item == END) {
                    done = true;
                    return -1;
                }
                if (item instanceof Throwable t) {
                    done = true;
                    throw new TransportException(t);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> list = (List<ByteBuffer>) item;
                buffers = list.iterator();
                subscription.request(1);
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        private Object next() throws IOException {
            long left = deadlineNanos - System.nanoTime();
            Object item = null;
            if (left > 0) {
                try {
                    item = chunks.poll(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    throw new InterruptedIOException("interrupted while reading the response");
                }
            }
            if (item == null) {
                cancel();
                throw new HttpTimeoutException("response not complete within " + timeout.toMillis() + " ms");
            }
            return item;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                cancel();
            }
        }

        private void cancel() {
            done = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
