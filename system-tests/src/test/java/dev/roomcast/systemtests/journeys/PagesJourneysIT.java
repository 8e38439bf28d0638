package dev.roomcast.systemtests.journeys;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.roomcast.systemtests.journeys.Journeys.shots;
import static dev.roomcast.systemtests.journeys.Journeys.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.ColorScheme;
import dev.roomcast.systemtests.JavaHost;
import dev.roomcast.systemtests.LiveStack;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.systemtests.WsClient;
import dev.roomcast.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Journeys around the room (docs/JOURNEYS.md, items 6, 10, 11, 13, 14 of issue #15): links that lead
 * nowhere, refused connections, the home page's live list, accessibility in both themes, a phone on
 * the LAN over plain http, and a newcomer's test command.
 */
@DisplayName("Page journeys in Chromium: no dead ends, refusals with a reason, home lists live rooms, axe in both themes, LAN, fresh machine")
class PagesJourneysIT extends JourneySuite {
    static void wayHome(Page p) {
        assertThat(p.locator("a[href='/']").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("home page"))).isVisible();
    }

    @Test
    @DisplayName("6 · a well-formed link to a room that does not exist: a styled ending with a way home, no room controls")
    void unknownRoom() {
        Page p = j.page("unknown-room", false);
        p.navigate(j.base() + "/room/AAAAAAAAAAAA");
        assertThat(p.locator("#ending-title")).hasText("This room does not exist");
        wayHome(p);
        assertThat(p.locator("#join-audio")).isDisabled();
        assertThat(p.locator("#status-text")).not().containsText("Joining");
        shots(p, "room-not-found");
        p.context().close();
    }

    @Test
    @DisplayName("6 · a room link that is not a room code: 'This link is not a room', with the form of a right one")
    void invalidRoomLink() {
        Page p = j.page("invalid-room", true);
        p.navigate(j.base() + "/room/abc");
        assertThat(p.locator("h1, #ending-title").first()).containsText("does not exist"); // the 404 page: not a room path
        wayHome(p);
        p.navigate(j.base() + "/room.html?room=abc");
        assertThat(p.locator("#ending-title")).hasText("This link is not a room");
        assertThat(p.locator("#ending")).containsText("12-character code");
        shots(p, "room-invalid-link");
        p.context().close();
    }

    @Test
    @DisplayName("6 · any unknown path: the styled not-found page with status 404 and a way home")
    void unknownPath() {
        Page p = j.page("unknown-path", false);
        Response r = p.navigate(j.base() + "/this/is/nowhere");
        assertEquals(404, r.status());
        assertThat(p.locator("#ending-title")).hasText("This page does not exist");
        wayHome(p);
        assertNotEquals("rgba(0, 0, 0, 0)", p.evaluate("() => getComputedStyle(document.body).backgroundColor"), "styled, not raw text");
        shots(p, "path-not-found");
        p.context().close();
    }

    @Test
    @DisplayName("6 · the studio of an unknown room, and of a room that closed: an ending, no share link or QR code")
    void studioOfUnknownAndClosedRoom() {
        Page p = j.page("studio-unknown", false);
        p.navigate(j.base() + "/host.html?room=BBBBBBBBBBBB");
        assertThat(p.locator("#ending-title")).hasText("This room does not exist");
        assertThat(p.locator("#panel-share")).isHidden();
        assertThat(p.locator("#qr")).isHidden();
        wayHome(p);
        shots(p, "studio-not-found");
        p.context().close();

        Rest.Room room = j.room("Closing soon");
        Page s = j.studio(room, "studio-closed", false);
        assertThat(s.locator("#panel-share")).isVisible();
        assertEquals(2, Rest.delete(j.stack.gatewayA(), "/api/rooms/" + room.roomId(), room.hostToken()).status() / 100);
        assertThat(s.locator("#ending-title")).hasText("This room has closed");
        assertThat(s.locator("#panel-share")).isHidden();
        shots(s, "studio-room-closed");
        s.reload();
        assertThat(s.locator("#ending-title")).containsText("does not exist");
        assertThat(s.locator("#panel-share")).isHidden();
        s.context().close();
    }

    @Test
    @DisplayName("6 · the studio opened in a browser without the host key: it says so and points to the room page; no share link")
    void studioWithoutHostKey() {
        Rest.Room room = j.room("Not yours");
        Page p = j.page("not-host", false);
        p.navigate(j.base() + "/host.html?room=" + room.roomId());
        assertThat(p.locator("#ending-title")).hasText("This browser is not the host of this room");
        assertThat(p.locator("#panel-share")).isHidden();
        assertThat(p.locator("#ending a[href='/room/" + room.roomId() + "']")).isVisible();
        shots(p, "studio-not-host");
        p.context().close();
    }

    @Test
    @DisplayName("sharing: a room link answers with the room's OpenGraph and Twitter tags (name escaped, host, live and listeners),"
            + " the page still plays its part; the home page has tags too; icons, the manifest and the preview image are served")
    void linkPreview() {
        Rest.Room room = j.room("Tom & \"Jerry\" <3");
        j.liveHost(room, 440);
        j.javaGuest(room, "Bo");
        Page p = j.page("preview", false);
        Response r = p.navigate(j.base() + "/room/" + room.roomId());
        String html = r.text();
        assertTrue(html.contains("<meta property=\"og:title\" content=\"Tom &amp; &quot;Jerry&quot; &lt;3\">"), html);
        assertTrue(html.contains("content=\"Live now with DJ Java · 1 listening."), html);
        assertTrue(html.contains("<meta property=\"og:url\" content=\"" + j.base() + "/room/" + room.roomId() + "\">"), html);
        assertTrue(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"), html);
        assertThat(p.locator("#room-name")).hasText("Tom & \"Jerry\" <3"); // the page itself still works
        Response home = p.navigate(j.base() + "/");
        assertTrue(home.text().contains("<meta property=\"og:image\" content=\"/icons/og.png\">"));
        for (String[] asset : new String[][] {{"/icons/og.png", "image/png"}, {"/icons/icon-192.png", "image/png"},
            {"/icons/apple-touch-icon.png", "image/png"}, {"/manifest.json", "application/json"}}) {
            Response a = p.navigate(j.base() + asset[0]);
            assertEquals(200, a.status(), asset[0]);
            assertTrue(a.headers().getOrDefault("content-type", "").startsWith(asset[1]), asset[0] + ": " + a.headers());
        }
        p.context().close();
    }

    @Test
    @DisplayName("6 · a connection refused by the per-address limit says why, and the page gets in once a place is free")
    void refusedConnectionSaysWhy() {
        ServiceProcess limited = j.stack.startGateway("journeys-limit", Map.of("MAX_CONNECTIONS_PER_IP", "2"));
        try {
            Rest.Room room = j.room("Crowded address");
            List<Page> pages = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Page p = j.page("limit-" + i, false);
                p.navigate(limited.baseUrl() + "/room/" + room.roomId());
                assertThat(p.locator("#room-name")).hasText("Crowded address");
                pages.add(p);
            }
            Page third = j.page("limit-refused", true);
            third.navigate(limited.baseUrl() + "/room/" + room.roomId());
            assertThat(third.locator("#status-text")).hasText(
                    "Too many Roomcast connections from your network: close other Roomcast tabs or devices.");
            assertThat(third.locator("#status-text")).isInViewport();
            shots(third, "room-refused-too-many");
            assertThat(third.locator("#retry-now")).isVisible();
            pages.get(0).context().close();
            // "Try again now" instead of the backoff (up to 15 s): the place may take a moment to free up
            await("the third page gets in").atMost(Duration.ofSeconds(30)).until(() -> {
                if (third.locator("#retry-now").isVisible()) {
                    third.click("#retry-now");
                }
                return "Crowded address".equals(third.locator("#room-name").textContent());
            });
            assertThat(third.locator("#retry-now")).isHidden();
            assertThat(third.locator("#status-text")).hasText("Waiting for the host to start the broadcast.");
            third.context().close();
            pages.get(1).context().close();
        } finally {
            limited.close();
        }
    }

    @Test
    @DisplayName("11 · home lists only live listed rooms, most people first, with the host's name and the count; an unlisted live room is not there, its link still works")
    void homeListsLiveRooms() {
        Rest.Room small = j.room("Journey small live", true);
        Rest.Room big = j.room("Journey big live", true);
        Rest.Room idle = j.room("Journey idle room", true);
        Rest.Room unlisted = j.room("Journey unlisted live");
        j.liveHost(small, 440);
        j.liveHost(big, 550);
        j.liveHost(unlisted, 330);
        j.host(idle, 660); // joined, never live
        j.javaGuest(big, "Guest one");
        j.javaGuest(big, "Guest two");
        Page p = j.page("home", false);
        p.navigate(j.base() + "/");
        var list = p.locator("#room-list li");
        assertThat(list.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Journey big live"))).containsText("by DJ Java");
        assertThat(list.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Journey big live"))).containsText("3 people");
        assertThat(list.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Journey small live"))).containsText("1 person");
        assertThat(list.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Journey idle room"))).hasCount(0);
        assertThat(list.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Journey unlisted live"))).hasCount(0);
        assertThat(p.locator("#room-listed")).isVisible();
        assertThat(p.locator("#room-listed")).not().isChecked(); // a new room is unlisted unless its host ticks the box
        assertThat(p.locator("label[for=room-listed]")).containsText("List on the home page");
        List<String> names = p.locator("#room-list li a").allTextContents();
        assertTrue(names.indexOf("Journey big live") < names.indexOf("Journey small live"), "most people first: " + names);
        shots(p, "home-live-rooms");
        p.navigate(j.base() + "/room/" + unlisted.roomId()); // unlisted, not hidden: the link works
        assertThat(p.locator("#room-name")).hasText("Journey unlisted live");
        assertThat(p.locator("#status-text")).hasText("Live now. Tap \"Join audio\" to listen.");
        p.context().close();
    }

    @Test
    @DisplayName("11 · a room name that cleans down to nothing is refused at creation, with a sentence next to the form")
    void emptyRoomNameRefused() {
        Page p = j.page("home-bad-name", true);
        p.navigate(j.base() + "/");
        p.fill("#room-name", "\u200b \u200b\u2060");
        p.click("#create-room");
        assertThat(p.locator("#create-note")).containsText("Give the room a name");
        assertThat(p.locator("#create-note")).isInViewport();
        assertTrue(p.url().endsWith("/"), "no room was created: " + p.url());
        shots(p, "home-name-refused");
        var reply = Rest.call(j.stack.gatewayA(), "POST", "/api/rooms", "{\"roomName\":\"\\u200b\\u200b\"}", null);
        assertEquals(400, reply.status());
        assertEquals("invalid_name", reply.body().path("error").path("code").asText());
        p.context().close();
    }

    @Test
    @DisplayName("10 · every page passes axe (WCAG 2.1 A/AA, contrast included) in the dark and the light theme; light follows prefers-color-scheme")
    void accessibilityBothThemes() {
        Rest.Room room = j.room("Accessible room", true); // listed: the home page has a list to check
        JavaHost host = j.liveHost(room, 440);
        j.javaGuest(room, "Reader").send(WsClient.msg("chat:message").put("roomId", room.roomId()).put("message", "see https://example.com"));
        List<String> problems = new ArrayList<>();
        String[] backgrounds = new String[2];
        int i = 0;
        for (ColorScheme scheme : List.of(ColorScheme.DARK, ColorScheme.LIGHT)) {
            String theme = scheme.name().toLowerCase();
            Page p = j.page("axe-" + theme, false, scheme);
            p.context().addInitScript("localStorage.setItem('roomcast.hostToken." + room.roomId() + "', '" + room.hostToken() + "');");
            Map<String, String> pages = Map.of(
                    "home", "/",
                    "room", "/room/" + room.roomId(),
                    "studio", "/host.html?room=" + room.roomId(),
                    "room-not-found", "/room/CCCCCCCCCCCC",
                    "404", "/nowhere");
            for (var e : new java.util.TreeMap<>(pages).entrySet()) {
                p.navigate(j.base() + e.getValue());
                p.waitForLoadState();
                if (e.getKey().equals("room")) {
                    assertThat(p.locator("#chat-list a")).hasCount(1);
                    assertThat(p.locator("#status-text")).hasText("Live now. Tap \"Join audio\" to listen.");
                } else if (e.getKey().equals("studio")) {
                    assertThat(p.locator("#status-text")).hasText("You are still live, but nothing is being sent.");
                } else if (e.getKey().equals("home")) {
                    assertThat(p.locator("#room-list li").first()).isVisible();
                } else {
                    assertThat(p.locator("#ending-title")).isVisible();
                }
                for (String v : Axe.violations(p)) {
                    problems.add(theme + " " + e.getKey() + ": " + v);
                }
                if (e.getKey().equals("room")) {
                    Journeys.shots(p, "axe-room-" + theme);
                }
            }
            backgrounds[i++] = (String) p.evaluate("() => getComputedStyle(document.body).backgroundColor");
            p.context().close();
        }
        host.stopBroadcast();
        problems.forEach(System.out::println);
        assertEquals(List.of(), problems, "axe violations");
        assertNotEquals(backgrounds[0], backgrounds[1], "the light theme follows prefers-color-scheme");
    }

    @Test
    @DisplayName("13 · opened over plain http by a LAN name (no secure context) the page says so and names the https address")
    void lanPlainHttp() {
        Rest.Room room = j.room("On the Wi-Fi");
        Page p = j.page("lan-http", true);
        int port = j.stack.gatewayA().port();
        p.navigate("http://" + Journeys.LAN_NAME + ":" + port + "/room/" + room.roomId());
        assertEquals(Boolean.FALSE, p.evaluate("() => window.isSecureContext"));
        assertThat(p.locator("#secure-context-title")).hasText("This page needs a secure (https) address");
        assertThat(p.locator(".secure-context-url")).hasText("https://" + Journeys.LAN_NAME + ":" + port + "/room/" + room.roomId());
        assertThat(p.locator("body")).containsText("./run --lan");
        shots(p, "lan-plain-http");
        p.context().close();
    }

    @Test
    @DisplayName("14 · a fresh machine: ./run test names every missing tool and how to install it; .ci/run runs exactly ./run test")
    void freshMachineTestCommand() throws Exception {
        Path root = dev.roomcast.testsupport.ServiceProcess.repoRoot();
        String ci = Files.readString(root.resolve(".ci/run"));
        assertTrue(ci.lines().anyMatch(l -> l.trim().equals("exec ./run test \"$@\"")), ".ci/run runs ./run test:\n" + ci);
        assertTrue(Files.readString(root.resolve("README.md")).contains("./run test"), "the README's test command");
        // a machine with nothing on its PATH but a shell and coreutils, and no apt-get: told what to install
        Path bin = LiveStack.target().resolve("fresh-machine-bin");
        Files.createDirectories(bin);
        for (String tool : List.of("bash", "uname", "id", "dirname", "cat", "printf")) {
            Path link = bin.resolve(tool);
            Path real = Path.of("/usr/bin", tool).toFile().exists() ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, real);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(bin.resolve("bash").toString(), root.resolve("run").toString(), "test")
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process fresh = pb.start();
        assertTrue(fresh.waitFor(30, TimeUnit.SECONDS), "./run test answers at once");
        String out = new String(fresh.getInputStream().readAllBytes());
        System.out.println(out);
        assertNotEquals(0, fresh.exitValue());
        for (String pkg : List.of("nodejs", "redis-server", "chromium", "sox", "firefox-esr")) {
            assertTrue(out.contains(pkg), "names the package " + pkg + ":\n" + out);
        }
        assertTrue(out.contains("apt-get install"), "says how to install them:\n" + out);
    }
}
