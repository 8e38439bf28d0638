package dev.roomcast.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.message.Participant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LinkPreviewTest {
    private static final byte[] PAGE = "<html><head>\n  <title>Roomcast room</title>\n</head><body></body></html>"
            .getBytes(StandardCharsets.UTF_8);

    private static RoomDetails room(String name, boolean live, boolean password, int count, Participant... people) {
        return new RoomDetails("AbC123_-xYz9", name, "u_host", List.of(people), count, live, null, LatencyPreset.PARTY,
                1200, null, password, true, 0, 0, false, 0, null, null);
    }

    private static String page(RoomDetails r) {
        return new String(LinkPreview.page(PAGE, r, "https://roomcast.example"), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a live room: its name, its host and who listens, in escaped OpenGraph and Twitter tags, and the page title")
    void liveRoom() {
        String p = page(room("Tom & \"Jerry\" <3 'mix'", true, false, 3,
                new Participant("u_host", "DJ <b>Ana</b>", true), new Participant("u_g1", "Bo", false)));
        assertTrue(p.contains("<title>Tom &amp; &quot;Jerry&quot; &lt;3 &#39;mix&#39; · Roomcast</title>"), p);
        assertTrue(p.contains("<meta property=\"og:title\" content=\"Tom &amp; &quot;Jerry&quot; &lt;3 &#39;mix&#39;\">"), p);
        assertTrue(p.contains("content=\"Live now with DJ &lt;b&gt;Ana&lt;/b&gt; · 2 listening. Open the link"), p);
        assertTrue(p.contains("<meta property=\"og:url\" content=\"https://roomcast.example/room/AbC123_-xYz9\">"), p);
        assertTrue(p.contains("<meta property=\"og:image\" content=\"https://roomcast.example/icons/og.png\">"), p);
        assertTrue(p.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"), p);
        assertFalse(p.contains("<b>"), "no markup from a name gets through: " + p);
        assertTrue(p.indexOf("og:title") < p.indexOf("</head>"));
    }

    @Test
    @DisplayName("not live, one listener, no host in the room; a password room says only that it is private")
    void quietAndPrivate() {
        assertEquals("Not live right now. Open the link to listen in sync: nothing to install, no sign-up.",
                LinkPreview.description(room("R", false, false, 1, new Participant("u_g1", "Bo", false))));
        assertTrue(LinkPreview.description(room("R", true, false, 2, new Participant("u_host", "Ana", true),
                new Participant("u_g1", "Bo", false))).startsWith("Live now with Ana · 1 listening."));
        String p = page(room("Secret birthday", true, true, 4, new Participant("u_host", "Ana", true)));
        assertFalse(p.contains("Secret birthday"), p);
        assertFalse(p.contains("Ana"), p);
        assertTrue(p.contains("<title>A private room on Roomcast</title>"), p);
    }
}
