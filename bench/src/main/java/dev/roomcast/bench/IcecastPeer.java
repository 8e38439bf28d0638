package dev.roomcast.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Icecast as a peer of the gateway in the fan-out bench (issue #19 item 1): a private Debian
 * {@code icecast2} process on a free 127.0.0.1 port with a config generated in the bench's work dir
 * (no system service), fed by {@code ffmpeg} with the SAME Opus packets the gateway's room gets (the
 * bench's Concentus 128 kbps stereo 48 kHz loop, written here once as an Ogg Opus file), remuxed
 * without re-encoding ({@code -c:a copy}) into Ogg pages of the gateway's batch length
 * ({@code -page_duration 40000 / 100000} µs) and sent with {@code -re -stream_loop -1}.
 * The feed runs only around Icecast's own window ({@link #startFeed}, {@link #stopFeed}) so that
 * Icecast is idle while the gateway and the floor are measured.
 */
public final class IcecastPeer {
    static final String MOUNT = "/fanout.opus";

    /**
     * Icecast alone, without the stack (for checking the peer): {@code java -cp bench/target/bench-0.1.0-SNAPSHOT.jar
     * dev.roomcast.bench.IcecastPeer <listeners> <pageMs> <windowS>}. Prints the window's numbers; writes no result.
     */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int pageMs = Integer.parseInt(args[1]);
        int windowS = Integer.parseInt(args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::stopAll, "bench-stop"));
        IcecastPeer ice = start(Opus.encode(500, 128_000), Math.max(20_000, 2 * n + 100));
        try (IcecastListeners il = new IcecastListeners(new InetSocketAddress("127.0.0.1", ice.port), MOUNT);
             WsLoadGen none = new WsLoadGen(new InetSocketAddress("127.0.0.1", ice.port))) {
            FanoutBench.IcecastMeasured m = FanoutBench.measureIcecast(ice, il, none, n, pageMs, windowS, 3, 1000);
            System.out.printf("icecast %d listeners, %d ms pages: %.2f %% of a core (%.2f per 1000), worst %.1f %%, median %.1f %%,"
                            + " worst pages/s %.2f, feed %.2f %%, harness %.2f %%, closed %s%n", m.w().open(), pageMs, m.cpuPct(),
                    m.cpuPct() * 1000 / Math.max(1, m.w().open()), IcecastListeners.min(m.w().bodyBytesPerSecond()) * 100 / ice.bodyBytesPerSecond,
                    IcecastListeners.median(m.w().bodyBytesPerSecond()) * 100 / ice.bodyBytesPerSecond,
                    IcecastListeners.min(m.w().pagesPerSecond()), m.feedCpuPct(), m.loadGenPct(), m.closeReasons());
        }
        System.exit(0);
    }

    final Proc server;
    final int port;
    final String version;
    /** Opus payload bytes per second of the stream (the packets' own rate; Ogg page headers excluded). */
    final double bodyBytesPerSecond;
    private final String password;
    private final Path ogg;
    private Proc feed;
    private int feedPageMs;

    private IcecastPeer(Proc server, int port, String version, double bodyBytesPerSecond, String password, Path ogg) {
        this.server = server;
        this.port = port;
        this.version = version;
        this.bodyBytesPerSecond = bodyBytesPerSecond;
        this.password = password;
        this.ogg = ogg;
    }

    /** Writes the config and the Ogg file, starts icecast2 and waits until it accepts connections. */
    static IcecastPeer start(List<byte[]> packets, int maxClients) throws IOException {
        for (String bin : List.of("icecast2", "ffmpeg")) {
            if (!onPath(bin)) {
                throw new IllegalStateException(bin + " is not installed (Debian: apt-get install icecast2 ffmpeg; bench/run installs"
                        + " them as root), or run with -Dbench.fanout.icecast=false");
            }
        }
        Path dir = Bench.work().resolve("icecast");
        Files.createDirectories(dir);
        Path ogg = dir.resolve("packets.opus");
        writeOggOpus(packets, ogg);
        long total = 0;
        for (byte[] p : packets) {
            total += p.length;
        }
        double bodyRate = total / (packets.size() * 0.020);
        int port = Proc.freePort();
        String pw = "bench" + Long.toHexString(System.nanoTime());
        Path cfg = dir.resolve("icecast.xml");
        Files.writeString(cfg, config(port, pw, dir, maxClients));
        Proc p = Proc.start("icecast", List.of("icecast2", "-c", cfg.toString()), Map.of(), port, Bench.logs());
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                break;
            } catch (IOException e) {
                if (!p.process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("icecast2 did not start; see " + p.log);
                }
                Bench.sleep(100);
            }
        }
        String version = "icecast2";
        try {
            Process v = new ProcessBuilder("icecast2", "-v").redirectErrorStream(true).start();
            version = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            v.waitFor();
        } catch (IOException | InterruptedException e) {
            // keep the name
        }
        System.out.printf("[bench] %s on 127.0.0.1:%d (pid %d), stream %.1f kbps of Opus payload%n", version, port, p.pid(),
                bodyRate * 8 / 1000);
        return new IcecastPeer(p, port, version, bodyRate, pw, ogg);
    }

    long pid() {
        return server.pid();
    }

    Proc feed() {
        return feed;
    }

    /** Starts ffmpeg sending pages of pageMs to the mount and waits (≤ 20 s) until listeners can get it. */
    void startFeed(int pageMs) {
        stopFeed();
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-re", "-stream_loop", "-1", "-i", ogg.toString(), "-map", "0:a", "-c:a", "copy",
                "-f", "ogg", "-page_duration", String.valueOf(pageMs * 1000L), "-flush_packets", "1",
                "-content_type", "application/ogg", "-ice_name", "roomcast-bench",
                "icecast://source:" + password + "@127.0.0.1:" + port + MOUNT));
        String last = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            feed = Proc.start("icecast-feed", cmd, Map.of(), port, Bench.logs());
            feedPageMs = pageMs;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline && feed.process.isAlive()) {
                last = statusLine();
                if (last.contains(" 200")) {
                    return;
                }
                Bench.sleep(200);
            }
            // seen once in a dozen starts on a loaded box: ffmpeg gave up on its first connection
            String why = "";
            try {
                why = Files.readString(feed.log).trim();
            } catch (IOException e) {
                // none
            }
            System.out.printf("[bench] icecast feed attempt %d failed (mount answer: %s; ffmpeg: %s)%n", attempt, last,
                    why.isEmpty() ? "no output" : why.replace('\n', ' '));
            stopFeed();
            Bench.sleep(1000);
        }
        throw new IllegalStateException("Icecast mount " + MOUNT + " not up after 3 feed starts (last answer: " + last + "); see "
                + Bench.logs().resolve("icecast-feed.log") + " and " + server.log);
    }

    int feedPageMs() {
        return feedPageMs;
    }

    void stopFeed() {
        if (feed != null) {
            feed.close();
            feed = null;
        }
    }

    /** The first line of Icecast's answer to GET of the mount ("" when none). */
    private String statusLine() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream o = s.getOutputStream();
            o.write(("GET " + MOUNT + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: roomcast-bench\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n' && sb.length() < 200) {
                sb.append((char) c);
            }
            return sb.toString().trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String config(int port, String pw, Path dir, int maxClients) {
        // Icecast refuses to run as root unless it changes owner after binding: as root (this box's
        // bench runs as root) it drops to nobody; the logs go to stderr (our log file), so nobody
        // needs no writable directory
        String security = isRoot()
                ? "  <security><chroot>0</chroot><changeowner><user>nobody</user><group>" + nobodyGroup()
                        + "</group></changeowner></security>\n"
                : "  <security><chroot>0</chroot></security>\n";
        return "<icecast>\n"
                + "  <location>roomcast bench</location><admin>bench@localhost</admin><hostname>127.0.0.1</hostname>\n"
                + "  <limits>\n"
                + "    <clients>" + maxClients + "</clients>\n"
                + "    <sources>4</sources>\n"
                // 1 MiB ≈ 60 s of this stream: a listener is dropped only when it is a minute behind
                + "    <queue-size>1048576</queue-size>\n"
                + "    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>\n"
                // the default burst (64 KiB ≈ 4 s of audio) for each new listener, as a player expects
                + "    <burst-on-connect>1</burst-on-connect><burst-size>65536</burst-size>\n"
                + "  </limits>\n"
                + "  <authentication><source-password>" + pw + "</source-password><relay-password>" + pw
                + "</relay-password><admin-user>admin</admin-user><admin-password>" + pw + "</admin-password></authentication>\n"
                + "  <listen-socket><port>" + port + "</port><bind-address>127.0.0.1</bind-address></listen-socket>\n"
                + "  <fileserve>1</fileserve>\n"
                + "  <paths><basedir>" + dir + "</basedir><logdir>" + dir + "</logdir>"
                + "<webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>\n"
                + "  <logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>2</loglevel></logging>\n"
                + security
                + "</icecast>\n";
    }

    static boolean isRoot() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Uid:")) {
                    return l.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static String nobodyGroup() {
        try {
            return Files.readAllLines(Path.of("/etc/group")).stream().anyMatch(l -> l.startsWith("nogroup:")) ? "nogroup" : "nobody";
        } catch (IOException e) {
            return "nogroup";
        }
    }

    static boolean onPath(String bin) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, bin))) {
                return true;
            }
        }
        return false;
    }

    // ---- Ogg Opus (RFC 7845) of the bench's packets, one packet per page; ffmpeg repaginates ----

    static void writeOggOpus(List<byte[]> packets, Path f) {
        int serial = 0x52434231;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = new byte[19];
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 8);
        head[8] = 1; // version
        head[9] = 2; // channels
        le16(head, 10, 312); // pre-skip (Opus's delay at 48 kHz)
        le32(head, 12, 48000); // input sample rate
        // output gain 0, mapping family 0
        page(out, 0x02, 0, serial, 0, head);
        byte[] vendor = "roomcast-bench (Concentus)".getBytes(StandardCharsets.US_ASCII);
        byte[] tags = new byte[8 + 4 + vendor.length + 4];
        System.arraycopy("OpusTags".getBytes(StandardCharsets.US_ASCII), 0, tags, 0, 8);
        le32(tags, 8, vendor.length);
        System.arraycopy(vendor, 0, tags, 12, vendor.length);
        page(out, 0x00, 0, serial, 1, tags);
        long granule = 0;
        for (int i = 0; i < packets.size(); i++) {
            granule += 960;
            page(out, i == packets.size() - 1 ? 0x04 : 0x00, granule, serial, i + 2, packets.get(i));
        }
        try {
            Files.write(f, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void page(ByteArrayOutputStream out, int flags, long granule, int serial, int seq, byte[] packet) {
        int segs = packet.length / 255 + 1;
        byte[] p = new byte[27 + segs + packet.length];
        p[0] = 'O';
        p[1] = 'g';
        p[2] = 'g';
        p[3] = 'S';
        p[4] = 0;
        p[5] = (byte) flags;
        for (int i = 0; i < 8; i++) {
            p[6 + i] = (byte) (granule >>> (8 * i));
        }
        le32(p, 14, serial);
        le32(p, 18, seq);
        // CRC (22..25) zero while computing
        p[26] = (byte) segs;
        for (int i = 0; i < segs - 1; i++) {
            p[27 + i] = (byte) 255;
        }
        p[27 + segs - 1] = (byte) (packet.length % 255);
        System.arraycopy(packet, 0, p, 27 + segs, packet.length);
        le32(p, 22, oggCrc(p));
        out.write(p, 0, p.length);
    }

    private static final int[] CRC = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int j = 0; j < 8; j++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
            }
            CRC[i] = r;
        }
    }

    static int oggCrc(byte[] b) {
        int crc = 0;
        for (byte x : b) {
            crc = (crc << 8) ^ CRC[((crc >>> 24) ^ (x & 0xff)) & 0xff];
        }
        return crc;
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void le32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
