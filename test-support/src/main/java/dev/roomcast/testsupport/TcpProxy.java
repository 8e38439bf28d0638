package dev.roomcast.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small TCP proxy standing in for the one address (Ingress, load balancer) that all gateways sit
 * behind in production: it accepts on a free 127.0.0.1 port and forwards each new connection to the
 * first backend of its list that accepts a connection. A connection stays with the backend it got;
 * when that backend dies the connection breaks (both sides are closed), exactly like behind a real
 * balancer, and the client's reconnect lands on the next live backend.
 *
 * <p>With a health path ({@link #start(String, int...)}) the proxy also does what an Ingress or a
 * Kubernetes Service does with readiness: it polls {@code GET <path>} on every backend every 100 ms
 * and skips backends that do not answer 200 (a gateway that is draining says not ready), falling
 * back to any backend that accepts a connection when none is ready.
 *
 * <p>Two platform threads per connection (one per direction): meant for tests with tens of
 * connections, not for load.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final List<InetSocketAddress> backends;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Set<InetSocketAddress> ready = ConcurrentHashMap.newKeySet();
    private final String healthPath;
    private volatile boolean running = true;

    private TcpProxy(ServerSocket server, List<InetSocketAddress> backends, String healthPath) {
        this.server = server;
        this.backends = backends;
        this.healthPath = healthPath;
    }

    /** Starts a proxy on a free 127.0.0.1 port in front of these 127.0.0.1 ports, in order of preference. */
    public static TcpProxy start(int... backendPorts) {
        return start(null, backendPorts);
    }

    /**
     * As {@link #start(int...)}, and new connections go only to backends whose {@code healthPath}
     * (e.g. {@code /q/health/ready}) answered 200 on the last poll, while any does.
     */
    public static TcpProxy start(String healthPath, int... backendPorts) {
        List<InetSocketAddress> list = new CopyOnWriteArrayList<>();
        for (int p : backendPorts) {
            list.add(new InetSocketAddress("127.0.0.1", p));
        }
        try {
            ServerSocket s = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
            TcpProxy proxy = new TcpProxy(s, list, healthPath);
            if (healthPath != null) {
                proxy.pollOnce();
                Thread h = new Thread(proxy::pollLoop, "tcp-proxy-health-" + s.getLocalPort());
                h.setDaemon(true);
                h.start();
            }
            Thread t = new Thread(proxy::acceptLoop, "tcp-proxy-" + s.getLocalPort());
            t.setDaemon(true);
            t.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (running) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (running) {
                    continue;
                }
                return;
            }
            accepted.incrementAndGet();
            Thread t = new Thread(() -> connect(client), "tcp-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void pollLoop() {
        while (running) {
            pollOnce();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pollOnce() {
        for (InetSocketAddress b : backends) {
            if (healthy(b)) {
                ready.add(b);
            } else {
                ready.remove(b);
            }
        }
    }

    private boolean healthy(InetSocketAddress b) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + b.getPort() + healthPath).toURL().openConnection();
            c.setConnectTimeout(300);
            c.setReadTimeout(1000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void connect(Socket client) {
        List<InetSocketAddress> order = new ArrayList<>();
        backends.stream().filter(ready::contains).forEach(order::add);
        backends.stream().filter(b -> !ready.contains(b)).forEach(order::add);
        for (InetSocketAddress b : order) {
            Socket upstream = new Socket();
            try {
                upstream.connect(b, 1000);
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream, "up");
                pipe(upstream, client, "down");
                return;
            } catch (IOException e) {
                closeQuietly(upstream); // this backend is down: try the next one
            }
        }
        closeQuietly(client); // no backend alive
    }

    private void pipe(Socket from, Socket to, String dir) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side broke: break the other too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-" + dir);
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
    }
}
