package dev.roomcast.gateway;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket guest that reads its welcome and then never reads again, with a small receive
 * buffer so the server feels it at once (a frozen tab on a thin line). Plain socket: the JDK
 * client keeps reading into memory, so it cannot play this part.
 */
public final class StalledSocket implements AutoCloseable {
    private final Socket socket;
    public final String userId;

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

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
