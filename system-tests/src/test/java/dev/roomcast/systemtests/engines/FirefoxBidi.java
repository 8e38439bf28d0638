package dev.roomcast.systemtests.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Firefox (Debian's firefox-esr, headless) driven over WebDriver BiDi: a small client on
 * java.net.http's WebSocket against Firefox's own {@code --remote-debugging-port} (no geckodriver).
 * The profile allows autoplay and media without prompts (the capture device a fake one, unless the
 * options' args say {@code pref:media.navigator.streams.fake=false}). Console errors come from
 * {@code log.entryAdded}.
 */
public final class FirefoxBidi implements Engine {
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> PREFS = List.of(
            "media.autoplay.default\", 0",
            "media.autoplay.blocking_policy\", 0",
            "media.autoplay.block-webaudio\", false",
            "media.navigator.permission.disabled\", true",
            "media.navigator.streams.fake\", true",
            "browser.shell.checkDefaultBrowser\", false",
            "browser.aboutwelcome.enabled\", false",
            "browser.startup.homepage_override.mstone\", \"ignore\"",
            "datareporting.policy.dataSubmissionEnabled\", false",
            "toolkit.telemetry.reportingpolicy.firstRun\", false",
            "app.update.disabledForTesting\", true",
            "network.proxy.type\", 0");

    private final String name;
    private final Process firefox;
    private final WebSocket ws;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final String context;

    public FirefoxBidi(EngineOptions o) {
        this.name = o.name();
        Path profile = o.workDir().resolve("profile");
        Path log = o.workDir().resolve("firefox.log");
        try {
            Files.createDirectories(profile);
            StringBuilder prefs = new StringBuilder();
            for (String p : PREFS) {
                prefs.append("user_pref(\"").append(p).append(");\n");
            }
            // "pref:NAME=VALUE" in the options' args sets one more (a later line wins): VALUE is a JS literal
            for (String a : o.args()) {
                if (a.startsWith("pref:") && a.indexOf('=') > 5) {
                    int eq = a.indexOf('=');
                    prefs.append("user_pref(\"").append(a, 5, eq).append("\", ").append(a.substring(eq + 1)).append(");\n");
                }
            }
            Files.writeString(profile.resolve("user.js"), prefs);
            Files.writeString(log, "");
        } catch (IOException e) {
            throw new EngineException("cannot write the Firefox profile", e);
        }
        Map<String, String> env = new HashMap<>(o.env());
        env.put("MOZ_HEADLESS", "1");
        firefox = Procs.start(List.of(System.getProperty("roomcast.firefox", "/usr/bin/firefox-esr"), "--headless", "--no-remote",
                "--profile", profile.toString(), "--remote-debugging-port", "0",
                "--window-size=" + o.width() + "," + o.height(), "about:blank"), env, log);
        try {
            String url = awaitListening(log);
            ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url + "/session"), new Listener()).get(20, TimeUnit.SECONDS);
            send("session.new", Json.object().set("capabilities", Json.object()));
            ObjectNode sub = Json.object();
            sub.putArray("events").add("log.entryAdded");
            send("session.subscribe", sub);
            context = send("browsingContext.getTree", Json.object()).path("contexts").path(0).path("context").asText();
            ObjectNode vp = Json.object().put("context", context);
            vp.putObject("viewport").put("width", o.width()).put("height", o.height());
            send("browsingContext.setViewport", vp);
        } catch (Exception e) {
            Procs.stop(firefox);
            throw e instanceof EngineException ee ? ee : new EngineException(name + ": Firefox did not start over BiDi: " + e, e);
        }
    }

    private String awaitListening(Path log) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    return m.group(1);
                }
            } catch (IOException e) {
                // not written yet
            }
            if (!firefox.isAlive()) {
                throw new EngineException(name + ": Firefox exited (" + firefox.exitValue() + "), see " + log);
            }
            try {
                Thread.sleep(100); // polling a log file for a line; no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted", e);
            }
        }
        throw new EngineException(name + ": Firefox never said where BiDi listens, see " + log);
    }

    /** Sends one BiDi command and waits for its result. */
    public JsonNode send(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode cmd = Json.object().put("id", id).put("method", method);
        cmd.set("params", params);
        synchronized (this) {
            ws.sendText(cmd.toString(), true).join();
        }
        try {
            JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if ("error".equals(reply.path("type").asText())) {
                throw new EngineException(name + ": " + method + " failed: " + reply.path("error").asText() + ": " + reply.path("message").asText());
            }
            return reply.path("result");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new EngineException(name + ": " + method + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public Kind kind() {
        return Kind.FIREFOX;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void open(String url) {
        send("browsingContext.navigate", Json.object().put("context", context).put("url", url).put("wait", "complete"));
    }

    private JsonNode evaluate(String expression, boolean awaitPromise) {
        ObjectNode p = Json.object().put("expression", expression).put("awaitPromise", awaitPromise);
        p.putObject("target").put("context", context);
        JsonNode r = send("script.evaluate", p);
        if ("exception".equals(r.path("type").asText())) {
            throw new EngineException(name + ": " + r.path("exceptionDetails").path("text").asText());
        }
        return r.path("result");
    }

    @Override
    public JsonNode eval(String expression) {
        JsonNode r = evaluate("(async () => { const v = await (" + expression + "); return JSON.stringify(v === undefined ? null : v); })()", true);
        return Json.parse(r.path("value").asText(null));
    }

    private JsonNode node(String selector) {
        JsonNode node = evaluate("(() => { const e = document.querySelector(" + Json.quote(selector) + ");"
                + " if (e) e.scrollIntoView({ block: 'center' }); return e; })()", false);
        if (!"node".equals(node.path("type").asText())) {
            throw new EngineException(name + ": no element " + selector);
        }
        return node;
    }

    @Override
    public void setFile(String selector, Path file) {
        ObjectNode p = Json.object().put("context", context);
        p.putObject("element").put("sharedId", node(selector).path("sharedId").asText());
        p.putArray("files").add(file.toAbsolutePath().toString());
        send("input.setFiles", p);
    }

    @Override
    public void click(String selector) {
        JsonNode node = node(selector);
        ObjectNode p = Json.object().put("context", context);
        ObjectNode mouse = p.putArray("actions").addObject().put("type", "pointer").put("id", "mouse");
        mouse.putObject("parameters").put("pointerType", "mouse");
        var acts = mouse.putArray("actions");
        ObjectNode move = acts.addObject().put("type", "pointerMove").put("x", 0).put("y", 0);
        move.putObject("origin").put("type", "element").putObject("element").put("sharedId", node.path("sharedId").asText());
        acts.addObject().put("type", "pointerDown").put("button", 0);
        acts.addObject().put("type", "pointerUp").put("button", 0);
        send("input.performActions", p);
    }

    @Override
    public String text(String selector) {
        JsonNode v = eval("document.querySelector(" + Json.quote(selector) + ")?.textContent ?? null");
        if (v.isNull()) {
            throw new EngineException(name + ": no element " + selector);
        }
        return v.asText();
    }

    @Override
    public Path screenshot(Path file) {
        String data = send("browsingContext.captureScreenshot", Json.object().put("context", context)).path("data").asText();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new EngineException("cannot write " + file, e);
        }
        return file;
    }

    @Override
    public List<String> consoleErrors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        try {
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            long id = ids.incrementAndGet();
            pending.put(id, f);
            ws.sendText(Json.object().put("id", id).put("method", "browser.close").set("params", Json.object()).toString(), true)
                    .get(5, TimeUnit.SECONDS);
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // it is going away either way
        } finally {
            ws.abort();
            Procs.stop(firefox);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buf = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                JsonNode m = Json.parse(buf.toString());
                buf.setLength(0);
                if (m.has("id")) {
                    CompletableFuture<JsonNode> f = pending.get(m.path("id").asLong());
                    if (f != null) {
                        f.complete(m);
                    }
                } else if ("log.entryAdded".equals(m.path("method").asText())
                        && "error".equals(m.path("params").path("level").asText())) {
                    errors.add("console error: " + m.path("params").path("text").asText());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
