package dev.roomcast.systemtests.engines;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * One page in one real browser engine, driven the way each engine allows: Chromium through
 * Playwright, Firefox over WebDriver BiDi ({@link FirefoxBidi}), WebKitGTK through
 * {@code WebKitWebDriver} ({@link WebKitDriver}). Small on purpose: what a guest journey needs.
 * Every engine runs in a process of its own, so each can play into its own PulseAudio sink.
 */
public interface Engine extends AutoCloseable {

    /** Which engine: chromium, firefox or webkit. */
    Kind kind();

    /** A name for logs and reports (e.g. "firefox" or "chromium-B"). */
    String name();

    /** Navigates and waits until the page has loaded. */
    void open(String url);

    /**
     * Evaluates a JavaScript expression in the page (a promise is awaited) and returns its value as
     * JSON ({@code null} for undefined). A thrown error becomes an {@link EngineException}.
     */
    JsonNode eval(String expression);

    /** A real click (pointer down/up) in the middle of the first element matching the CSS selector. */
    void click(String selector);

    /** The first matching element's text content. */
    String text(String selector);

    /** Types into a text field: sets its value and fires input and change, as a user's typing would. */
    default void fill(String selector, String text) {
        eval("(() => { const e = document.querySelector(" + Json.quote(selector) + "); if (!e) throw new Error('no element ' + "
                + Json.quote(selector) + "); e.focus(); e.value = " + Json.quote(text) + ";"
                + " e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); return true; })()");
    }

    /** Picks an option of a select by value, firing change. */
    default void select(String selector, String value) {
        fill(selector, value);
    }

    /** Puts a local file into a file input (what the file picker would do), firing change. */
    void setFile(String selector, Path file);

    /** Saves a PNG of the viewport. */
    Path screenshot(Path file);

    /** Console errors and uncaught exceptions seen so far, where the engine's driver reports them. */
    default List<String> consoleErrors() {
        return List.of();
    }

    @Override
    void close();

    enum Kind {
        CHROMIUM, FIREFOX, WEBKIT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
