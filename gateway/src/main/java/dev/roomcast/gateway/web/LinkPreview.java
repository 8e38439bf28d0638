package dev.roomcast.gateway.web;

import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.message.Participant;
import java.nio.charset.StandardCharsets;

/**
 * The OpenGraph and Twitter-card tags of a room's share link, so a link pasted into a chat app shows
 * the room: its name, its host, whether it is live, how many listen. A room with a password shows
 * none of that (only that it is private). Every value is HTML-escaped: names come from users.
 */
final class LinkPreview {
    private LinkPreview() {}

    private static final byte[] HEAD_END = "</head>".getBytes(StandardCharsets.UTF_8);

    /** The guest page with the room's tags before {@code </head>} and its name as the title. */
    static byte[] page(byte[] html, RoomDetails room, String origin) {
        String page = new String(html, StandardCharsets.UTF_8);
        int end = page.indexOf("</head>");
        if (end < 0) {
            return html;
        }
        String title = room.hasPassword() ? "A private room on Roomcast" : room.roomName() + " · Roomcast";
        page = page.replaceFirst("<title>[^<]*</title>", "<title>" + java.util.regex.Matcher.quoteReplacement(escape(title)) + "</title>");
        end = page.indexOf("</head>");
        return (page.substring(0, end) + tags(room, origin) + page.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    static String tags(RoomDetails room, String origin) {
        String title = room.hasPassword() ? "A private room on Roomcast" : room.roomName();
        String description = description(room);
        String url = origin + "/room/" + room.roomId();
        return meta("description", description)
                + property("og:type", "website")
                + property("og:site_name", "Roomcast")
                + property("og:title", title)
                + property("og:description", description)
                + property("og:url", url)
                + property("og:image", origin + "/icons/og.png")
                + property("og:image:width", "1200")
                + property("og:image:height", "630")
                + meta("twitter:card", "summary_large_image")
                + meta("twitter:title", title)
                + meta("twitter:description", description);
    }

    static String description(RoomDetails room) {
        if (room.hasPassword()) {
            return "Listen together, in sync. This room asks for a password.";
        }
        String host = room.participants().stream().filter(Participant::isHost).map(Participant::username).findFirst().orElse(null);
        int listeners = Math.max(0, room.participantCount() - (host != null ? 1 : 0));
        StringBuilder s = new StringBuilder();
        if (room.isLive()) {
            s.append("Live now");
            if (host != null) {
                s.append(" with ").append(host);
            }
            s.append(listeners == 1 ? " · 1 listening" : " · " + listeners + " listening");
        } else {
            s.append(host != null ? "Hosted by " + host + " · not live right now" : "Not live right now");
        }
        return s.append(". Open the link to listen in sync: nothing to install, no sign-up.").toString();
    }

    private static String meta(String name, String content) {
        return "  <meta name=\"" + name + "\" content=\"" + escape(content) + "\">\n";
    }

    private static String property(String name, String content) {
        return "  <meta property=\"" + name + "\" content=\"" + escape(content) + "\">\n";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
