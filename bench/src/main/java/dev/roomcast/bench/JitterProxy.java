package dev.roomcast.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 that delays what the server sends by {@code meanMs ± jitterMs} (uniform,
 * each read chunk on its own draw, strictly in order), the way a bad mobile link does: a guest page
 * loaded through it has its socket's audio arrive late and unevenly. TCP keeps order, so a chunk never
 * overtakes the one before it. With {@code bothWays} what the client sends is delayed the same way
 * (a link that is bad both ways); without, it passes straight on — a link whose delay is all one way,
 * which no two-way clock sync can tell from a clock offset (it reads half the asymmetry as offset).
 * One thread per direction per connection: for a handful of benchmark pages.
 */
final class JitterProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final double meanMs;
    private final double jitterMs;
    private final boolean bothWays;
    private final SplittableRandom random = new SplittableRandom(7);
    private volatile boolean open = true;

    JitterProxy(InetSocketAddress target, double meanMs, double jitterMs, boolean bothWays) throws IOException {
        this.target = target;
        this.meanMs = meanMs;
        this.jitterMs = jitterMs;
        this.bothWays = bothWays;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "jitter-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                upstream.setTcpNoDelay(true);
                daemon(() -> {
                    if (bothWays) {
                        delayed(client, upstream);
                    } else {
                        pipe(client, upstream);
                    }
                }, "jitter-up");
                daemon(() -> delayed(upstream, client), "jitter-down");
            } catch (IOException e) {
                // closed, or one connection failed: the page retries
            }
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // one side closed: both go
        }
    }

    private record Chunk(byte[] bytes, long releaseNs) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(releaseNs - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(releaseNs, ((Chunk) o).releaseNs);
        }
    }

    /** One direction: each chunk released meanMs ± jitterMs after it was read, never before the one ahead of it. */
    private void delayed(Socket from, Socket to) {
        DelayQueue<Chunk> queue = new DelayQueue<>();
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk c = queue.take();
                    if (c.bytes().length == 0) {
                        break;
                    }
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went
            } finally {
                closeQuietly(to);
            }
        }, "jitter-writer");
        writer.setDaemon(true);
        writer.start();
        byte[] buf = new byte[16 * 1024];
        long last = 0;
        try (InputStream in = from.getInputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                double ms;
                synchronized (random) {
                    ms = meanMs + (random.nextDouble() * 2 - 1) * jitterMs;
                }
                // strictly after the chunk ahead: a DelayQueue is a heap, and two chunks due at the same
                // nanosecond came out in either order (a page's module arrived scrambled: "Unexpected identifier")
                long release = Math.max(last + 1, System.nanoTime() + (long) (ms * 1e6));
                last = release;
                queue.put(new Chunk(Arrays.copyOf(buf, n), release));
            }
        } catch (IOException e) {
            // the server side closed
        } finally {
            // what is queued still goes out, then the client is closed
            queue.put(new Chunk(new byte[0], Math.max(last, System.nanoTime()) + 1));
            closeQuietly(from);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }
}
