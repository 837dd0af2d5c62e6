package io.github.randomuseretl.adapter.randomuser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BodyStreamTest {

    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Flow.Subscription subscription = new Flow.Subscription() {
        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    };

    @Test
    void readsChunksInOrderAskingForOneChunkAtATime() throws Exception {
        BodyStream body = new BodyStream(System.nanoTime() + Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(5));
        body.onSubscribe(subscription);
        assertEquals(1, requested.get());
        body.onNext(List.of(buffer("ab"), buffer("c")));
        body.onNext(List.of(buffer("de")));
        body.onComplete();
        InputStream in = body.getBody().toCompletableFuture().get();
        assertArrayEquals("abcde".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        assertEquals(3, requested.get(), "one more chunk asked for per chunk taken");
    }

    @Test
    void aReadThatWouldPassTheDeadlineFailsAndHangsUp() throws Exception {
        BodyStream body = new BodyStream(System.nanoTime() + Duration.ofMillis(50).toNanos(), Duration.ofMillis(50));
        body.onSubscribe(subscription);
        body.onNext(List.of(buffer("{")));
        InputStream in = body.getBody().toCompletableFuture().get();
        assertEquals('{', in.read());
        HttpTimeoutException e = assertThrows(HttpTimeoutException.class, in::read);
        assertEquals("response not complete within 50 ms", e.getMessage());
        assertTrue(cancelled.get());
    }

    @Test
    void aConnectionErrorSurfacesAsATransportException() throws Exception {
        BodyStream body = new BodyStream(System.nanoTime() + Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(5));
        body.onSubscribe(subscription);
        body.onError(new IOException("Connection reset"));
        InputStream in = body.getBody().toCompletableFuture().get();
        IOException e = assertThrows(BodyStream.TransportException.class, in::read);
        assertEquals("Connection reset", e.getMessage());
    }

    @Test
    void closingEarlyCancelsTheDownload() throws Exception {
        BodyStream body = new BodyStream(System.nanoTime() + Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(5));
        body.onSubscribe(subscription);
        body.getBody().toCompletableFuture().get().close();
        assertTrue(cancelled.get());
    }

    private static ByteBuffer buffer(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
