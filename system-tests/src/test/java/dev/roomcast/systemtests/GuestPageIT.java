package dev.roomcast.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One host page (gateway A, fake capture: 440 Hz left / 660 Hz right with a click every second) and
 * two guest pages, one on gateway A and one on gateway B, all in real Chromium.
 */
@DisplayName("Guest pages in Chromium: both guests play the host, chat round-trips, HTML stays text")
class GuestPageIT {
    static final String XSS = "<img src=x onerror=window.__xss=1>";
    static LiveStack stack;
    static Browser browser;
    static Page host;
    static Page guestA;
    static Page guestB;
    static String roomId;

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
        browser = Browser.launch(true);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);

        host = newPage("host", 1280, 900);
        host.navigate(stack.gatewayA().baseUrl() + "/");
        host.fill("#room-name", "Listening party");
        host.fill("#host-name", "Hostine");
        host.click("#create-room");
        host.waitForURL(Pattern.compile(".*/host\\.html\\?room=[A-Za-z0-9_-]{12}$"));
        roomId = URI.create(host.url()).getQuery().substring("room=".length());
        assertThat(host.locator("#guest-count")).hasText("1"); // joined as host
        host.click("#tab-input");
        assertThat(host.locator("#device-select option").first()).isAttached();
        host.click("#use-device");
        assertThat(host.locator("#source-status")).containsText("Input");
        await("host clock synced").atMost(Duration.ofSeconds(20))
                .until(() -> Boolean.TRUE.equals(host.evaluate("() => window.roomcastDebug.clockReady")));
        assertThat(host.locator("#go-live")).isEnabled();
        host.click("#go-live");
        assertThat(host.locator("#live-badge")).hasAttribute("data-live", "true");

        guestA = newPage("guest-A", 1280, 900);
        guestB = newPage("guest-B", 390, 844);
        guestA.navigate(stack.gatewayA().baseUrl() + "/room/" + roomId);
        guestB.navigate(stack.gatewayB().baseUrl() + "/room/" + roomId);
        for (Page g : List.of(guestA, guestB)) {
            assertThat(g.locator("#room-name")).hasText("Listening party");
            assertThat(g.locator("#live-badge")).hasAttribute("data-live", "true");
        }
    }

    @AfterAll
    static void down() {
        if (browser != null) {
            browser.close();
        }
    }

    static Page newPage(String name, int w, int h) {
        BrowserContext ctx = browser.chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(w, h));
        return browser.watch(ctx.newPage(), name);
    }

    @Test
    @DisplayName("both guests (one per gateway) tap Join audio and play the host's audio: packets played keep rising and the output carries 440 and 660 Hz")
    void bothGuestsPlay() {
        for (Page g : List.of(guestA, guestB)) {
            g.click("#join-audio");
            assertThat(g.locator("#join-audio")).hasAttribute("aria-pressed", "true");
        }
        for (Page g : List.of(guestA, guestB)) {
            await("packets played rise").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> played(g) > 100);
            long first = played(g);
            await("and keep rising").atMost(Duration.ofSeconds(10)).until(() -> played(g) > first + 50);
            assertThat(g.locator("#tier")).not().hasText("–");

            // tap the output: the page's AnalyserNode sits after the volume, before the speakers
            @SuppressWarnings("unchecked")
            Map<String, Object> spectrum = (Map<String, Object>) g.evaluate("() => { const a = window.roomcastDebug.analyser();"
                    + " if (!a) return null; const d = new Float32Array(a.frequencyBinCount); a.getFloatFrequencyData(d);"
                    + " return { sampleRate: a.context.sampleRate, fftSize: a.fftSize, data: Array.from(d) }; }");
            assertNotNull(spectrum, "the guest page exposes its output analyser");
            double sr = ((Number) spectrum.get("sampleRate")).doubleValue();
            int fft = ((Number) spectrum.get("fftSize")).intValue();
            double[] db = ((List<?>) spectrum.get("data")).stream().mapToDouble(v -> v == null ? -200 : ((Number) v).doubleValue()).toArray();
            double[] sorted = db.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            double at440 = peakNear(db, 440, sr, fft);
            double at660 = peakNear(db, 660, sr, fft);
            System.out.printf("output spectrum: 440 Hz %.1f dB, 660 Hz %.1f dB, median %.1f dB%n", at440, at660, median);
            assertTrue(at440 > median + 25 && at660 > median + 25,
                    "the output carries both tones: 440 Hz " + at440 + " dB, 660 Hz " + at660 + " dB, median " + median + " dB");
        }
        Browser.screenshot(guestA, "guest-room-desktop");
        Browser.screenshot(guestB, "guest-room-phone");
    }

    @Test
    @DisplayName("chat goes round between the host page and both guest pages, with the host badge; an <img onerror> message stays text")
    void chatRoundTripAndXss() {
        send(guestA, "hello from guest A");
        for (Page p : List.of(host, guestA, guestB)) {
            assertThat(p.locator("#chat-list .chat-text").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText("hello from guest A"))).hasCount(1);
        }
        send(host, "welcome, everyone");
        for (Page p : List.of(guestA, guestB)) {
            var item = p.locator("#chat-list li.from-host").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("welcome, everyone"));
            assertThat(item).hasCount(1);
            assertThat(item.locator(".host-badge")).isVisible();
            assertThat(item.locator(".chat-name")).hasText("Hostine");
        }
        send(guestB, XSS);
        for (Page p : List.of(host, guestA, guestB)) {
            assertThat(p.locator("#chat-list .chat-text").last()).hasText(XSS);
            assertEquals(0, p.locator("#chat-list img").count(), "no element was made from the message");
            assertEquals(true, p.evaluate("() => window.__xss === undefined"), "the onerror handler never ran");
        }
        Browser.screenshot(guestB, "guest-room-phone-chat");
        Browser.screenshot(host, "host-studio-chat");
    }

    static void send(Page p, String text) {
        p.fill("#chat-input", text);
        p.press("#chat-input", "Enter");
        assertThat(p.locator("#chat-input")).hasValue("");
    }

    static long played(Page g) {
        Object v = g.evaluate("() => window.roomcastDebug.playedPackets");
        return v == null ? 0 : ((Number) v).longValue();
    }

    static double peakNear(double[] db, double hz, double sr, int fft) {
        int k = (int) Math.round(hz * fft / sr);
        double best = -300;
        for (int i = Math.max(0, k - 2); i <= Math.min(db.length - 1, k + 2); i++) {
            best = Math.max(best, db[i]);
        }
        return best;
    }
}
