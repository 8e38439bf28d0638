package dev.roomcast.systemtests.journeys;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import dev.roomcast.systemtests.Browser;
import dev.roomcast.systemtests.JavaHost;
import dev.roomcast.systemtests.LiveStack;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.systemtests.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the journey suites share: one Chromium (fake capture device; the name {@link #LAN_NAME}
 * resolves to 127.0.0.1 so that plain http by a name is not a secure context), pages in fresh
 * contexts at a desktop or a phone size, screenshots of each state at both sizes, and rooms hosted
 * by a {@link JavaHost} on gateway A when the test is about the guest.
 */
final class Journeys implements AutoCloseable {
    static final String LAN_NAME = "roomcast-lan.test";
    static final int DESKTOP_W = 1280;
    static final int DESKTOP_H = 900;
    static final int PHONE_W = 390;
    static final int PHONE_H = 844;

    final LiveStack stack = LiveStack.get();
    final Browser browser = Browser.launch(List.of("--host-resolver-rules=MAP " + LAN_NAME + " 127.0.0.1"));
    private final List<AutoCloseable> opened = new ArrayList<>();

    Journeys() {
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    String base() {
        return stack.gatewayA().baseUrl();
    }

    /** A page in a fresh context (its own storage) at a desktop or phone size, in the dark theme. */
    Page page(String name, boolean phone) {
        return page(name, phone, ColorScheme.DARK);
    }

    Page page(String name, boolean phone, ColorScheme scheme) {
        BrowserContext ctx = browser.chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(phone ? PHONE_W : DESKTOP_W, phone ? PHONE_H : DESKTOP_H)
                .setColorScheme(scheme)
                .setIsMobile(false)
                .setHasTouch(phone));
        opened.add(ctx::close);
        return browser.watch(ctx.newPage(), name);
    }

    /** The studio of a room created over REST, opened in a context that holds its host token. */
    Page studio(Rest.Room room, String name, boolean phone) {
        return studio(room, name, phone, base());
    }

    /** The same, from the gateway at {@code baseUrl} (gateway B: the host on another pod than its guests). */
    Page studio(Rest.Room room, String name, boolean phone, String baseUrl) {
        Page p = page(name, phone);
        p.context().addInitScript("localStorage.setItem('roomcast.hostToken." + room.roomId() + "', '" + room.hostToken() + "');"
                + "sessionStorage.setItem('roomcast.hostToken." + room.roomId() + "', '" + room.hostToken() + "');");
        p.navigate(baseUrl + "/host.html?room=" + room.roomId());
        return p;
    }

    /** A guest page on the room, once it shows the room's name. */
    Page guest(Rest.Room room, String roomName, String name, boolean phone) {
        Page p = page(name, phone);
        p.navigate(base() + "/room/" + room.roomId());
        assertThat(p.locator("#room-name")).hasText(roomName);
        return p;
    }

    /** A guest page on the room from a browser that remembers the display name {@code username}. */
    Page guestNamed(Rest.Room room, String roomName, String name, String username, boolean phone) {
        Page p = page(name, phone);
        p.context().addInitScript("localStorage.setItem('roomcast.settings', JSON.stringify({ username: '" + username + "' }));");
        p.navigate(base() + "/room/" + room.roomId());
        assertThat(p.locator("#room-name")).hasText(roomName);
        return p;
    }

    Rest.Room room(String name) {
        return Rest.createRoom(stack.gatewayA(), name);
    }

    /** listed: on the home page while live. */
    Rest.Room room(String name, boolean listed) {
        return Rest.createRoom(stack.gatewayA(), name, listed);
    }

    /** A Java host joined to {@code room} (not live yet), closed with the suite. */
    JavaHost host(Rest.Room room, double hz) {
        JavaHost h = JavaHost.join(stack.gatewayA(), room.roomId(), room.hostToken(), hz);
        opened.add(h);
        return h;
    }

    /** A Java host live in {@code room}, streaming a tone for up to ten minutes. */
    JavaHost liveHost(Rest.Room room, double hz) {
        JavaHost h = host(room, hz);
        h.startBroadcast();
        h.stream(30_000);
        return h;
    }

    /** A Java guest (a second person in the room), closed with the suite. */
    WsClient javaGuest(Rest.Room room, String username) {
        WsClient g = WsClient.connect(LiveStack.ws(stack.gatewayA()), username);
        g.join(room.roomId(), username, null);
        opened.add(g);
        return g;
    }

    /**
     * Screenshots of the page's current state at the desktop and the phone size
     * (target/screenshots/journeys/NAME-desktop.png and -phone.png), its own size first: resizing
     * can change what the page shows (a phone's unread count is read once chat is in view on a desktop).
     * The page keeps its size.
     */
    static void shots(Page page, String name) {
        var size = page.viewportSize();
        boolean phone = size.width <= PHONE_W;
        Browser.screenshot(page, "journeys/" + name + (phone ? "-phone" : "-desktop"));
        page.setViewportSize(phone ? DESKTOP_W : PHONE_W, phone ? DESKTOP_H : PHONE_H);
        Browser.screenshot(page, "journeys/" + name + (phone ? "-desktop" : "-phone"));
        page.setViewportSize(size.width, size.height);
    }

    /** A WAV made once by sox: {@code args} with "%s" standing for the output file (target/audio/NAME). */
    static synchronized Path sox(String name, String... args) {
        Path out = LiveStack.target().resolve("audio").resolve(name);
        if (java.nio.file.Files.exists(out)) {
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of("sox"));
        for (String a : args) {
            cmd.add(a.equals("%s") ? out.toString() : a);
        }
        try {
            java.nio.file.Files.createDirectories(out.getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The guest's (or studio's) one status sentence. */
    static String status(Page p) {
        return p.locator("#status-text").textContent();
    }

    /** A text assertion that waits up to {@code seconds} (states that take the server a while to decide). */
    static com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions within(int seconds) {
        return new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(seconds * 1000.0);
    }

    static String state(Page p) {
        return p.locator("#status").getAttribute("data-state");
    }

    /** Keeps every sentence the page's status, notes and toast ever show, for "never said X" checks. */
    static void recordTexts(Page p) {
        p.evaluate("() => { window.__seen = new Set(); const grab = () => { for (const el of document.querySelectorAll("
                + "'#status-text, #status-detail, #toast, .note, [id$=-note]')) { const t = el.textContent.trim(); if (t) window.__seen.add(t); } };"
                + " new MutationObserver(grab).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true }); grab(); }");
    }

    @SuppressWarnings("unchecked")
    static List<String> seenTexts(Page p) {
        return (List<String>) p.evaluate("() => [...window.__seen]");
    }

    static long played(Page p) {
        return ((Number) p.evaluate("() => window.roomcastDebug.playedPackets")).longValue();
    }

    /**
     * Closes what the test just run opened (pages, Java hosts and guests), newest first. A test's
     * rooms end with it: a host left streaming keeps the relay transcoding and the broker busy, and a
     * page left open keeps decoding, through every later test of the class (GuestJourneysIT ended
     * with 15 rooms live and their pages playing).
     */
    void closeOpened() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // already closed by its test
            }
        }
        opened.clear();
    }

    @Override
    public void close() {
        closeOpened();
        browser.close();
    }
}
