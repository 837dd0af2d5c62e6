package io.github.randomuseretl.adapter.randomuser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A raw HTTP/1.1 server on loopback that can really cut a connection mid-body: it announces the whole
 * length, sends part of the body, then resets the TCP connection (linger 0). The first
 * {@code resets} connections are cut; later ones get the whole body.
 */
final class ResettingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;
    private final Function<String, byte[]> body;
    private final int resets;
    private final double cutAt;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    /**
     * @param body   the whole body for a request target (path and query)
     * @param resets how many connections to cut
     * @param cutAt  the share of the body sent before a cut, 0 to 1
     */
    ResettingServer(Function<String, byte[]> body, int resets, double cutAt) {
        this.body = body;
        this.resets = resets;
        this.cutAt = cutAt;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::serve, "resetting-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                int n = connections.incrementAndGet();
                String target = readRequest(s.getInputStream());
                byte[] whole = body.apply(target);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + whole.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (n <= resets) {
                    out.write(whole, 0, (int) (whole.length * cutAt));
                    out.flush();
                    s.setSoLinger(true, 0); // close() now sends RST: a reset, not a clean end
                } else {
                    out.write(whole);
                    out.flush();
                }
            } catch (SocketException e) {
                if (socket.isClosed()) {
                    return;
                }
            } catch (IOException e) {
                // next connection
            }
        }
    }

    private String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String line = head.toString(StandardCharsets.US_ASCII).split("\r\n", 2)[0];
        requestLines.add(line);
        String[] parts = line.split(" ");
        return parts.length > 1 ? parts[1] : "/";
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
