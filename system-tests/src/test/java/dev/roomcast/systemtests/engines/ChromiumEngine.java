package dev.roomcast.systemtests.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium through Playwright, one browser process per engine (so its audio goes to the
 * PulseAudio sink named in its env), audio not muted, autoplay allowed.
 */
public final class ChromiumEngine implements Engine {
    private final String name;
    private final Playwright playwright;
    private final Browser browser;
    private final Page page;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    public ChromiumEngine(EngineOptions o) {
        this.name = o.name();
        Map<String, String> env = new HashMap<>(o.env());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
        try {
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(System.getProperty("roomcast.chromium", "/usr/bin/chromium")))
                    .setHeadless(true)
                    .setEnv(env)
                    .setIgnoreDefaultArgs(List.of("--mute-audio"))
                    .setArgs(args(o)));
            page = browser.newContext(new Browser.NewContextOptions().setViewportSize(o.width(), o.height())).newPage();
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add("console error: " + m.text());
            }
        });
        page.onPageError(e -> errors.add("page error: " + e));
    }

    private static List<String> args(EngineOptions o) {
        List<String> args = new ArrayList<>(List.of("--autoplay-policy=no-user-gesture-required", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"));
        args.addAll(o.args());
        return args;
    }

    /** The Playwright page, for what only Chromium can do (CDP, init scripts). */
    public Page page() {
        return page;
    }

    @Override
    public Kind kind() {
        return Kind.CHROMIUM;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open(String url) {
        page.navigate(url);
    }

    @Override
    public JsonNode eval(String expression) {
        try {
            Object s = page.evaluate("async () => { const v = await (" + expression + "); return JSON.stringify(v === undefined ? null : v); }");
            return Json.parse((String) s);
        } catch (PlaywrightException e) {
            throw new EngineException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void click(String selector) {
        page.click(selector);
    }

    @Override
    public String text(String selector) {
        return page.textContent(selector);
    }

    @Override
    public void fill(String selector, String text) {
        page.fill(selector, text);
    }

    @Override
    public void select(String selector, String value) {
        page.selectOption(selector, value);
    }

    @Override
    public void setFile(String selector, Path file) {
        page.setInputFiles(selector, file);
    }

    @Override
    public Path screenshot(Path file) {
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
        return file;
    }

    @Override
    public List<String> consoleErrors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
