package dev.roomcast.systemtests;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Chromium (Debian's /usr/bin/chromium) through Playwright, with its fake capture device fed by
 * a WAV that sox makes here: 440 Hz on the left, 660 Hz on the right (optionally a click every
 * second on both). Flags as in shared/DESIGN.md "Browser audio, what works".
 */
public final class Browser implements AutoCloseable {
    public final Playwright playwright;
    public final com.microsoft.playwright.Browser chromium;
    public final Path wav;
    private final List<String> consoleErrors = new ArrayList<>();

    private Browser(Path wav, List<String> extraArgs) {
        this.wav = wav;
        List<String> args = new ArrayList<>(List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + wav.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run"));
        args.addAll(extraArgs);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(System.getProperty("roomcast.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setIgnoreDefaultArgs(List.of("--mute-audio"))
                .setArgs(args));
    }

    /** Chromium capturing the stereo tone WAV (with clicks if asked). */
    public static Browser launch(boolean clicks) {
        return new Browser(clicks ? wav("tones-clicks.wav", true, 440, 660) : wav("tones.wav", false, 440, 660), List.of());
    }

    /** Chromium capturing the stereo tone WAV, with more command-line switches (e.g. --host-resolver-rules). */
    public static Browser launch(List<String> extraArgs) {
        return new Browser(wav("tones.wav", false, 440, 660), extraArgs);
    }

    /** Logs the page's console errors and uncaught exceptions (they end up in the failsafe report). */
    public Page watch(Page page, String name) {
        Path log = LiveStack.target().resolve("browser-logs").resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        page.onConsoleMessage(m -> append(log, m.type() + ": " + m.text()));
        page.onPageError(e -> append(log, "page error: " + e));
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type()) || "warning".equals(m.type())) {
                String line = name + " console " + m.type() + ": " + m.text();
                consoleErrors.add(line);
                System.out.println(line);
            }
        });
        page.onPageError(e -> {
            String line = name + " page error: " + e;
            consoleErrors.add(line);
            System.out.println(line);
        });
        return page;
    }

    private static synchronized void append(Path log, String line) {
        try {
            Files.writeString(log, java.time.LocalTime.now() + " " + line + "\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a lost log line is no reason to fail a test
        }
    }

    public List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    public static Path screenshot(Page page, String name) {
        Path p = LiveStack.target().resolve("screenshots").resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(p).setFullPage(true));
        return p;
    }

    /** 30 s of {@code left} Hz left / {@code right} Hz right at -6 dBFS, 48 kHz 16-bit stereo; with clicks: a 4 ms click at every whole second. */
    static synchronized Path wav(String name, boolean clicks, int left, int right) {
        Path dir = LiveStack.target().resolve("audio");
        Path out = dir.resolve(name);
        if (Files.exists(out)) {
            return out;
        }
        try {
            Files.createDirectories(dir);
            if (!clicks) {
                sox("-n", "-r", "48000", "-b", "16", "-c", "2", out.toString(), "synth", "30", "sine", String.valueOf(left), "sine", String.valueOf(right), "gain", "-6");
            } else {
                Path tone = dir.resolve("tone-1s.wav");
                Path click = dir.resolve("click-1s.wav");
                Path second = dir.resolve("second.wav");
                sox("-n", "-r", "48000", "-b", "16", "-c", "2", tone.toString(), "synth", "1", "sine", String.valueOf(left), "sine", String.valueOf(right), "gain", "-12");
                sox("-n", "-r", "48000", "-b", "16", "-c", "2", click.toString(), "synth", "0.004", "square", "2000", "gain", "-3",
                        "pad", "0", "0.996");
                sox("-m", tone.toString(), click.toString(), second.toString());
                sox(second.toString(), out.toString(), "repeat", "29");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make " + out + " (is sox installed?)", e);
        }
    }

    private static void sox(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("sox");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        try {
            chromium.close();
        } finally {
            playwright.close();
        }
    }
}
