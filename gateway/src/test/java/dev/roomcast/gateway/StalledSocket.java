package dev.roomcast.gateway;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket guest that reads its welcome and then never reads again, with a small receive
 * buffer so the server feels it at once (a frozen tab on a thin line). Plain socket: the JDK
 * client keeps reading into memory, so it cannot play this part. It can later start reading again,
 * slowly ({@link #readSlowly}): a thin line that never quite stops.
 */
public final class StalledSocket implements AutoCloseable {
    private final Socket socket;
    public final String userId;
    /** The binary frames' payloads once it reads again ({@link #readSlowly}), whole, in order. */
    public final List<byte[]> binaryFrames = new CopyOnWriteArrayList<>();
    /** Why reading ended (null while it goes on): the socket closed, or a frame that did not parse. */
    public volatile String readEnd;
    private volatile int sipBytes;
    private volatile long pauseMs;

    public StalledSocket(URI ws) throws Exception {
        socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5000);
        socket.setSoTimeout(5000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String req = "GET " + ws.getPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("closed during the handshake");
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("no upgrade: " + head);
        }
        // first server frame: the welcome (text, unmasked)
        int b0 = in.read();
        int len = in.read() & 0x7f;
        if (len == 126) {
            len = (in.read() << 8) | in.read();
        }
        byte[] text = in.readNBytes(len);
        if ((b0 & 0x0f) != 1) {
            throw new IllegalStateException("expected a text frame first");
        }
        String json = new String(text, StandardCharsets.UTF_8);
        int at = json.indexOf("\"userId\":\"") + 10;
        userId = json.substring(at, json.indexOf('"', at));
    }

    /**
     * Starts reading the server's frames on a thread: {@code sip} bytes at a time with {@code pause}
     * ms between sips (sip ≤ 0: as fast as it can). Frames are parsed as RFC 6455 server frames
     * (unmasked); a malformed one ends the reading with {@link #readEnd} saying why.
     */
    public void readSlowly(int sip, long pause) {
        pace(sip, pause);
        Thread t = new Thread(this::readFrames, "stalled-socket-reader");
        t.setDaemon(true);
        t.start();
    }

    /** Changes the pace of {@link #readSlowly}. */
    public void pace(int sip, long pause) {
        sipBytes = sip;
        pauseMs = pause;
    }

    private void readFrames() {
        try {
            socket.setSoTimeout(0);
            InputStream in = new java.io.BufferedInputStream(new SippingStream(socket.getInputStream()), 65536);
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    readEnd = "closed";
                    return;
                }
                int b1 = in.read();
                if ((b0 & 0x80) == 0 || (b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
                    readEnd = "malformed frame header " + Integer.toHexString(b0) + " " + Integer.toHexString(b1);
                    return;
                }
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                } else if (len == 127) {
                    len = new java.io.DataInputStream(in).readLong();
                }
                if (len > 1 << 20) {
                    readEnd = "frame length " + len;
                    return;
                }
                byte[] payload = in.readNBytes((int) len);
                int opcode = b0 & 0x0f;
                if (opcode == 2) {
                    binaryFrames.add(payload);
                } else if (opcode == 8) {
                    readEnd = "close frame";
                    return;
                } else if (opcode != 1) {
                    readEnd = "opcode " + opcode;
                    return;
                }
            }
        } catch (java.io.IOException e) {
            readEnd = e.toString();
        }
    }

    /** Reads at most a sip per call, pausing before each. */
    private final class SippingStream extends java.io.FilterInputStream {
        SippingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int sip = sipBytes;
            if (sip > 0) {
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
                len = Math.min(len, sip);
            }
            return super.read(b, off, len);
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
