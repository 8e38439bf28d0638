package dev.roomcast.systemtests.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * WebKitGTK (Safari's engine) through {@code WebKitWebDriver} (Debian's webkit2gtk-driver): W3C
 * WebDriver over plain HTTP from java.net.http, driving MiniBrowser on a private Xvfb display. No
 * console access in classic WebDriver: {@link #consoleErrors()} stays empty.
 */
public final class WebKitDriver implements Engine {
    static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process xvfb;
    private final Process driver;
    private final String base;
    private final String session;

    public WebKitDriver(EngineOptions o) {
        this.name = o.name();
        try {
            Files.createDirectories(o.workDir());
        } catch (IOException e) {
            throw new EngineException("cannot create " + o.workDir(), e);
        }
        // Xvfb picks a free display and tells it on stdout (-displayfd 1)
        try {
            xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1400x1000x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.appendTo(o.workDir().resolve("xvfb.log").toFile())).start();
        } catch (IOException e) {
            throw new EngineException("cannot start Xvfb (apt-get install xvfb): " + e.getMessage(), e);
        }
        Process d = null;
        try {
            String display = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(20, TimeUnit.SECONDS);
            if (display == null || display.isBlank()) {
                throw new EngineException(name + ": Xvfb did not start");
            }
            int port = Procs.freePort();
            Map<String, String> env = new HashMap<>(o.env());
            env.put("DISPLAY", ":" + display.trim());
            d = Procs.start(List.of(System.getProperty("roomcast.webkitdriver", "/usr/bin/WebKitWebDriver"), "--port=" + port),
                    env, o.workDir().resolve("webkitwebdriver.log"));
            base = "http://127.0.0.1:" + port;
            awaitStatus(d);
            ObjectNode caps = Json.object();
            ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
            ObjectNode opts = always.putObject("webkitgtk:browserOptions")
                    .put("binary", System.getProperty("roomcast.minibrowser", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"));
            opts.putArray("args").add("--automation").add("--autoplay-policy=allow");
            session = call("POST", "/session", caps).path("sessionId").asText();
            ObjectNode t = Json.object().put("script", 120_000).put("pageLoad", 60_000);
            call("POST", "/session/" + session + "/timeouts", t);
            call("POST", "/session/" + session + "/window/rect", Json.object().put("width", o.width()).put("height", o.height()));
        } catch (Exception e) {
            Procs.stop(d);
            Procs.stop(xvfb);
            throw e instanceof EngineException ee ? ee : new EngineException(name + ": WebKitWebDriver did not start: " + e, e);
        }
        driver = d;
    }

    private void awaitStatus(Process d) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!d.isAlive()) {
                throw new EngineException(name + ": WebKitWebDriver exited (" + d.exitValue() + ")");
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted", e);
            }
            try {
                Thread.sleep(100); // polling a port that is not open yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted", e);
            }
        }
        throw new EngineException(name + ": WebKitWebDriver never answered /status");
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(150))
                .header("Content-Type", "application/json; charset=utf-8")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode reply = Json.parse(r.body());
            if (r.statusCode() != 200) {
                throw new EngineException(name + ": " + method + " " + path + " → " + r.statusCode() + " "
                        + reply.path("value").path("error").asText() + ": " + reply.path("value").path("message").asText());
            }
            return reply.path("value");
        } catch (IOException e) {
            throw new EngineException(name + ": " + method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted", e);
        }
    }

    private String element(String selector) {
        JsonNode v = call("POST", "/session/" + session + "/element", Json.object().put("using", "css selector").put("value", selector));
        String id = v.path(ELEMENT).asText("");
        if (id.isEmpty()) {
            throw new EngineException(name + ": no element " + selector + " (" + v + ")");
        }
        return id;
    }

    @Override
    public Kind kind() {
        return Kind.WEBKIT;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open(String url) {
        call("POST", "/session/" + session + "/url", Json.object().put("url", url));
    }

    @Override
    public JsonNode eval(String expression) {
        ObjectNode b = Json.object().put("script", "const done = arguments[arguments.length - 1];"
                + " Promise.resolve().then(async () => (" + expression + "))"
                + ".then(v => done(JSON.stringify({ ok: v === undefined ? null : v })), e => done(JSON.stringify({ error: String(e && e.stack || e) })));");
        b.putArray("args");
        JsonNode r = Json.parse(call("POST", "/session/" + session + "/execute/async", b).asText());
        if (r.has("error")) {
            throw new EngineException(name + ": " + r.path("error").asText());
        }
        return r.path("ok");
    }

    @Override
    public void click(String selector) {
        call("POST", "/session/" + session + "/element/" + element(selector) + "/click", Json.object());
    }

    @Override
    public void setFile(String selector, Path file) {
        call("POST", "/session/" + session + "/element/" + element(selector) + "/value",
                Json.object().put("text", file.toAbsolutePath().toString()));
    }

    @Override
    public String text(String selector) {
        return call("GET", "/session/" + session + "/element/" + element(selector) + "/text", null).asText();
    }

    @Override
    public Path screenshot(Path file) {
        String data = call("GET", "/session/" + session + "/screenshot", null).asText();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new EngineException("cannot write " + file, e);
        }
        return file;
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (RuntimeException e) {
            // the browser may be gone already
        } finally {
            Procs.stop(driver);
            Procs.stop(xvfb);
        }
    }
}
