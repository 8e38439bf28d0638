package dev.roomcast.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The web-ui's pages the gateway serves itself (from the web-ui jar on its class path). */
public final class Pages {
    private Pages() {}

    /** The guest page, served at {@code /room/<id>}. */
    static final byte[] ROOM = load("META-INF/resources/room.html", "");

    /** The web-ui's not-found page ({@code /404.html}), served with status 404 for any path no one serves. */
    public static final byte[] NOT_FOUND = load("META-INF/resources/404.html",
            "<!doctype html><title>Not found</title><p>Nothing here. <a href=\"/\">Home</a></p>");

    private static byte[] load(String resource, String fallback) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? fallback.getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
