package dev.roomcast.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.roomcast.protocol.Codec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The host studio in real Chromium on gateway A, its fake capture device playing 440 Hz left and
 * 660 Hz right; a Java guest on gateway B checks what actually went out.
 */
@DisplayName("Host studio in Chromium: start a room, go live, guests hear the capture")
class HostPageIT {
    static LiveStack stack;
    static Browser browser;

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
        browser = Browser.launch(false);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterAll
    static void down() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @DisplayName("home → start a room → input device → live: badge, moving level meter, guest count; a Java guest on B decodes the WAV's tones, "
            + "then the file source's tones; screenshots of home, live studio and phone layout")
    void hostGoesLiveFromInputDeviceAndFiles() {
        BrowserContext ctx = browser.chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 900));
        Page page = browser.watch(ctx.newPage(), "host");
        page.navigate(stack.gatewayA().baseUrl() + "/");
        assertThat(page.locator("#create-room")).isVisible();
        Browser.screenshot(page, "home-desktop");

        page.fill("#room-name", "Chromium studio");
        page.fill("#host-name", "DJ Chromium");
        page.click("#create-room");
        page.waitForURL(Pattern.compile(".*/host\\.html\\?room=[A-Za-z0-9_-]{12}$"));
        String roomId = URI.create(page.url()).getQuery().substring("room=".length());
        assertThat(page.locator("#room-name")).hasText("Chromium studio");
        assertThat(page.locator("#guest-count")).hasText("1"); // the host itself
        assertThat(page.locator("#live-badge")).hasAttribute("data-live", "false");

        page.click("#tab-input");
        assertThat(page.locator("#device-select option").first()).isAttached();
        page.click("#use-device");
        assertThat(page.locator("#source-status")).containsText("Input");
        await("clock synced").atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(page.evaluate("() => window.roomcastDebug.clockReady")));
        assertThat(page.locator("#go-live")).isEnabled();
        page.click("#go-live");
        assertThat(page.locator("#live-badge")).hasAttribute("data-live", "true");
        assertThat(page.locator("#live-badge")).hasText("LIVE");
        await("the level meter moves").atMost(Duration.ofSeconds(10))
                .until(() -> Double.parseDouble(page.locator("#level-meter").getAttribute("data-level")) > 0.3);

        try (WsClient guest = WsClient.connect(LiveStack.ws(stack.gatewayB()), "java-guest-B")) {
            guest.join(roomId, "Java ear", null);
            guest.send(WsClient.msg("quality:request").put("tier", "high"));
            assertThat(page.locator("#guest-count")).hasText("2");
            assertThat(page.locator("#participants")).containsText("Java ear");

            await("the guest gets 3 s of audio").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> highPackets(guest).size() >= 200);
            Browser.screenshot(page, "host-studio-live");
            assertTones(highPackets(guest), 440, 660, "input device");

            // the file source: a second WAV (550 Hz left, 770 Hz right) played through the same path
            Path other = Browser.wav("files-550-770.wav", false, 550, 770);
            page.click("#tab-files");
            page.setInputFiles("#file-input", other);
            assertThat(page.locator("#playlist li")).hasCount(1);
            int before = highPackets(guest).size();
            page.click("#play-files");
            assertThat(page.locator("#source-status")).containsText("Playing files");
            // 8 s of audio after the switch, so the last 3 s are the file's even when delivery lags on a busy box
            await("8 s of the file reach the guest").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> highPackets(guest).size() >= before + 400);
            List<Audio.Packet> all = highPackets(guest);
            assertTones(all.subList(all.size() - 150, all.size()), 550, 770, "file source");
        }

        page.setViewportSize(390, 844);
        Browser.screenshot(page, "host-studio-phone");
        assertThat(page.locator("#go-live, #stop-live").locator("visible=true")).isInViewport();
        ctx.close();
    }

    @Test
    @DisplayName("the tab/screen source (getDisplayMedia) gives the fake capture audio, or a clear message, and never hangs the page")
    void displayMediaPath() {
        Rest.Room room = Rest.createRoom(stack.gatewayA(), "Display path");
        BrowserContext ctx = browser.chromium.newContext();
        ctx.addInitScript("sessionStorage.setItem('roomcast.hostToken." + room.roomId() + "', '" + room.hostToken() + "');"
                + "localStorage.setItem('roomcast.hostToken." + room.roomId() + "', '" + room.hostToken() + "');");
        Page page = browser.watch(ctx.newPage(), "display-host");
        page.navigate(stack.gatewayA().baseUrl() + "/host.html?room=" + room.roomId());
        assertThat(page.locator("#guest-count")).hasText("1");
        page.click("#tab-display");
        assertThat(page.locator("#display-help")).containsText("Share tab audio");
        page.click("#pick-display");
        String outcome;
        try {
            page.waitForFunction("() => document.getElementById('source-status').textContent.startsWith('Sharing')"
                    + " || document.getElementById('source-note').textContent !== ''", null, new Page.WaitForFunctionOptions().setTimeout(15_000));
            outcome = !page.locator("#source-note").textContent().isEmpty() ? "error: " + page.locator("#source-note").textContent()
                    : "shared: " + page.locator("#source-status").textContent();
        } catch (PlaywrightException e) {
            outcome = "pending";
        }
        System.out.println("getDisplayMedia outcome: " + outcome);
        Browser.screenshot(page, "host-display-source");
        if (outcome.startsWith("shared")) {
            await("the display audio moves the meter").atMost(Duration.ofSeconds(10))
                    .until(() -> Double.parseDouble(page.locator("#level-meter").getAttribute("data-level")) > 0.3);
        } else if (outcome.startsWith("error")) {
            assertTrue(outcome.contains("audio"), "a refused or audio-less share says what to do: " + outcome);
        } else {
            // getDisplayMedia never settled (no auto-select in headless Chromium): the page must stay usable
            assertThat(page.locator("#pick-display")).isEnabled();
            assertThat(page.locator("#go-live")).isDisabled();
        }
        ctx.close();
        Rest.delete(stack.gatewayA(), "/api/rooms/" + room.roomId(), room.hostToken());
    }

    @Test
    @DisplayName("a share that comes back without audio (Share tab audio left unticked) says so and how to fix it")
    void displayShareWithoutAudioIsExplained() {
        Rest.Room room = Rest.createRoom(stack.gatewayA(), "No audio share");
        BrowserContext ctx = browser.chromium.newContext();
        ctx.addInitScript("sessionStorage.setItem('roomcast.hostToken." + room.roomId() + "', '" + room.hostToken() + "');"
                + "localStorage.setItem('roomcast.hostToken." + room.roomId() + "', '" + room.hostToken() + "');"
                // the user's choice in the share picker (which headless Chromium cannot show): video only
                + "navigator.mediaDevices.getDisplayMedia = async () => document.createElement('canvas').captureStream(1);");
        Page page = browser.watch(ctx.newPage(), "display-no-audio");
        page.navigate(stack.gatewayA().baseUrl() + "/host.html?room=" + room.roomId());
        assertThat(page.locator("#guest-count")).hasText("1");
        page.click("#tab-display");
        page.click("#pick-display");
        assertThat(page.locator("#source-note")).not().isEmpty();
        assertThat(page.locator("#source-note")).containsText("No audio came with the share");
        assertThat(page.locator("#source-note")).containsText("Share tab audio");
        assertThat(page.locator("#go-live")).isDisabled();
        Browser.screenshot(page, "host-display-no-audio");
        ctx.close();
        Rest.delete(stack.gatewayA(), "/api/rooms/" + room.roomId(), room.hostToken());
    }

    static List<Audio.Packet> highPackets(WsClient guest) {
        return Audio.packets(guest.frames()).stream().filter(p -> p.tier() == 0 && p.codec() == Codec.OPUS.id()).toList();
    }

    static void assertTones(List<Audio.Packet> packets, double left, double right, String what) {
        short[] pcm = Audio.decode(packets.stream().map(Audio.Packet::bytes).toList());
        double fl = Audio.dominantFrequency(Audio.channel(pcm, 0), Audio.RATE);
        double fr = Audio.dominantFrequency(Audio.channel(pcm, 1), Audio.RATE);
        System.out.printf("%s: left %.1f Hz, right %.1f Hz%n", what, fl, fr);
        assertEquals(left, fl, 5, what + ": left channel's dominant frequency");
        assertEquals(right, fr, 5, what + ": right channel's dominant frequency");
    }
}
