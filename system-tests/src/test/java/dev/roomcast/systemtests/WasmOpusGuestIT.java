package dev.roomcast.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A guest page in a browser without WebCodecs {@code AudioDecoder} (deleted by an init script before
 * any page script runs) falls back to the vendored WASM Opus decoder, plays the host's tones and
 * stays in sync with a WebCodecs guest of the same room.
 *
 * <p>WebAssembly needs {@code 'wasm-unsafe-eval'} in the page's Content-Security-Policy (without it
 * the fallback fails with a CompileError); the gateway's default CSP (application.properties)
 * carries {@code script-src 'self' 'wasm-unsafe-eval'}, which allows compiling WebAssembly but no
 * JavaScript eval. The host and the WASM guest use gateway A, the WebCodecs guest gateway B.
 */
@DisplayName("Guest page without WebCodecs: the WASM Opus fallback plays the host's tones in sync with a WebCodecs guest")
class WasmOpusGuestIT {
    static LiveStack stack;
    static Browser browser;

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
        browser = Browser.launch(true);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterAll
    static void down() {
        if (browser != null) {
            browser.close();
        }
    }

    static Page page(String name, boolean withoutWebCodecs) {
        BrowserContext ctx = browser.chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 900));
        if (withoutWebCodecs) {
            ctx.addInitScript("delete window.AudioDecoder; delete window.EncodedAudioChunk;");
        }
        return browser.watch(ctx.newPage(), name);
    }

    @Test
    @DisplayName("the WASM guest decodes with opus-decoder, carries 440 and 660 Hz at its output, and its clicks play with the WebCodecs guest's")
    void wasmGuestPlaysInSync() {
        Page host = page("wasm-host", false);
        host.navigate(stack.gatewayA().baseUrl() + "/");
        host.fill("#room-name", "No WebCodecs");
        host.fill("#host-name", "Hostine");
        host.click("#create-room");
        host.waitForURL(Pattern.compile(".*/host\\.html\\?room=[A-Za-z0-9_-]{12}$"));
        String roomId = URI.create(host.url()).getQuery().substring("room=".length());
        host.click("#tab-input");
        assertThat(host.locator("#device-select option").first()).isAttached();
        host.click("#use-device");
        assertThat(host.locator("#source-status")).containsText("Input");
        await("host clock synced").atMost(Duration.ofSeconds(20))
                .until(() -> Boolean.TRUE.equals(host.evaluate("() => window.roomcastDebug.clockReady")));
        host.selectOption("#preset", "stable"); // as GuestPageIT: measure agreement, not a loaded box's delivery
        await("the room is in the Stable preset").atMost(Duration.ofSeconds(20)).until(() ->
                "stable".equals(Rest.get(stack.gatewayB(), "/api/rooms/" + roomId).body().path("preset").asText()));
        assertThat(host.locator("#go-live")).isEnabled();
        host.click("#go-live");
        assertThat(host.locator("#live-badge")).hasAttribute("data-live", "true");

        Page wasm = page("wasm-guest", true);
        Page webcodecs = page("webcodecs-guest", false);
        wasm.navigate(stack.gatewayA().baseUrl() + "/room/" + roomId);
        assertTrue(String.valueOf(wasm.evaluate("async () => (await fetch(location.href)).headers.get('content-security-policy')"))
                .contains("'wasm-unsafe-eval'"), "the page runs under a CSP that allows WebAssembly");
        webcodecs.navigate(stack.gatewayB().baseUrl() + "/room/" + roomId);
        assertEquals(true, wasm.evaluate("() => typeof AudioDecoder === 'undefined'"), "the init script removed WebCodecs");
        for (Page g : List.of(wasm, webcodecs)) {
            assertThat(g.locator("#live-badge")).hasAttribute("data-live", "true");
            g.click("#join-audio");
            assertThat(g.locator("#join-audio")).hasAttribute("aria-pressed", "true");
        }
        for (Page g : List.of(wasm, webcodecs)) {
            await("packets played rise").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> GuestPageIT.played(g) > 100);
        }
        assertEquals("wasm", wasm.evaluate("() => window.roomcastDebug.stats.decoder"));
        assertEquals("webcodecs", webcodecs.evaluate("() => window.roomcastDebug.stats.decoder"));
        assertEquals(true, wasm.evaluate("() => typeof globalThis['opus-decoder']?.OpusDecoder === 'function'"),
                "the vendored module was loaded");
        assertEquals(false, webcodecs.evaluate("() => 'opus-decoder' in globalThis"), "and only where it is needed");
        OutputTones.assertCarried(wasm, "the WASM guest");

        for (Page g : List.of(wasm, webcodecs)) {
            ClickTap.install(g);
        }
        for (Page g : List.of(wasm, webcodecs)) {
            ClickTap.awaitOnsets(g, 2, 15_000);
            ClickTap.clear(g);
        }
        for (Page g : List.of(wasm, webcodecs)) {
            ClickTap.awaitOnsets(g, 6, 20_000);
        }
        List<Double> skew = ClickTap.pairDiffsMs(ClickTap.onsets(wasm).stream().map(ClickTap.Onset::serverUs).toList(),
                ClickTap.onsets(webcodecs).stream().map(ClickTap.Onset::serverUs).toList());
        String report = "skew WASM − WebCodecs guest on the server clock: " + ClickTap.summary(skew)
                + "\nWASM guest stats: " + wasm.evaluate("() => JSON.stringify(window.roomcastDebug.stats)")
                + "\nWebCodecs guest stats: " + webcodecs.evaluate("() => JSON.stringify(window.roomcastDebug.stats)");
        System.out.println(report);
        GuestPageIT.writeReport("sync-report-wasm.txt", report);
        assertTrue(skew.size() >= 4, "the two guests' clicks pair up: " + report);
        // the same 312-sample accounting on both paths: a wrong pre-skip would show as a constant 6.5 ms
        assertTrue(Math.abs(ClickTap.percentile(skew, 0.5)) <= 2.0, "median skew within 2 ms: " + report);
        assertTrue(ClickTap.percentile(skew.stream().map(Math::abs).toList(), 0.95) <= GuestPageIT.SKEW_P95_MS,
                "skew p95 ≤ " + GuestPageIT.SKEW_P95_MS + " ms: " + report);
        assertEquals(false, wasm.evaluate("() => window.roomcastDebug.stats.late"), report);
        assertEquals(false, webcodecs.evaluate("() => window.roomcastDebug.stats.late"), report);
        Browser.screenshot(wasm, "guest-room-wasm-decoder");
    }
}
