package dev.roomcast.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.roomcast.kafkalocal.LocalKafka;
import dev.roomcast.testsupport.ServiceProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ./run --lan}: a phone on the same Wi-Fi opens the pages by the computer's address, which
 * is not localhost, so plain http gives no secure context (no capture, AudioWorklet or WebCodecs)
 * and https with a locally made certificate does. The certificate comes from the same script
 * {@code ./run --lan} uses ({@code scripts/tls-cert}); an extra gateway serves it with the env that
 * {@code ./run --lan} sets. Chromium opens the pages as {@code roomcast.test}, mapped to 127.0.0.1
 * ({@code --host-resolver-rules}), and trusts the certificate by its public key
 * ({@code --ignore-certificate-errors-spki-list}), as a phone trusts the CA. Loopback traffic only.
 */
@DisplayName("LAN over HTTPS (./run --lan): a local CA, an HTTPS gateway, pages that say when they have no secure context")
class LanHttpsIT {
    static final String NAME = "roomcast.test";

    static LiveStack stack;
    static Path tls;
    static X509Certificate ca;
    static HttpClient trustingCa;
    static int tlsPort;
    static ServiceProcess gateway;
    static Playwright playwright;
    static com.microsoft.playwright.Browser chromium;
    static Rest.Room room;

    @BeforeAll
    static void up() throws Exception {
        stack = LiveStack.get();
        tls = fresh("lan-tls");
        assertEquals(List.of("made ca", "made server"), tlsCert(tls, NAME, "localhost", "127.0.0.1"));
        ca = certificate(tls.resolve("ca.crt"));
        trustingCa = HttpClient.newBuilder().sslContext(trusting(ca)).connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        tlsPort = LocalKafka.freePort("127.0.0.1");
        // the gateway starts while Chromium launches (Playwright stays on this thread)
        CompletableFuture<ServiceProcess> starting = CompletableFuture.supplyAsync(() -> stack.startGateway("gw-lan", Map.of(
                "TLS_PORT", String.valueOf(tlsPort),
                "TLS_CERT_FILE", tls.resolve("server.crt").toString(),
                "TLS_KEY_FILE", tls.resolve("server.key").toString(),
                "TLS_CA_FILE", tls.resolve("ca.crt").toString(),
                "INSECURE_REQUESTS", "redirect"),
                trustingCa, URI.create(https("127.0.0.1", "/q/health/ready"))));
        room = Rest.createRoom(stack.gatewayA(), "lan room");

        String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(certificate(tls.resolve("server.crt")).getPublicKey().getEncoded()));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(System.getProperty("roomcast.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--host-resolver-rules=MAP " + NAME + " 127.0.0.1",
                        "--ignore-certificate-errors-spki-list=" + spki,
                        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
        gateway = starting.join();
    }

    @AfterAll
    static void down() {
        if (chromium != null) {
            chromium.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    @DisplayName("scripts/tls-cert keeps its CA and certificate on a second run, and makes a new certificate (same CA) when the address changes")
    void certificateIsReusedAndRenewedOnANewAddress() throws Exception {
        Path dir = fresh("lan-tls-renew");
        assertEquals(List.of("made ca", "made server"), tlsCert(dir, "10.1.2.3", "localhost", "127.0.0.1"));
        byte[] caBytes = Files.readAllBytes(dir.resolve("ca.crt"));
        byte[] serverBytes = Files.readAllBytes(dir.resolve("server.crt"));

        assertEquals(List.of(), tlsCert(dir, "10.1.2.3", "localhost", "127.0.0.1"), "same names: nothing made");
        assertTrue(java.util.Arrays.equals(serverBytes, Files.readAllBytes(dir.resolve("server.crt"))));

        assertEquals(List.of("made server"), tlsCert(dir, "10.1.2.4", "localhost", "127.0.0.1"), "a new address: a new certificate only");
        assertTrue(java.util.Arrays.equals(caBytes, Files.readAllBytes(dir.resolve("ca.crt"))), "the CA the phones trust stays");
        X509Certificate renewed = certificate(dir.resolve("server.crt"));
        List<String> names = renewed.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertEquals(List.of("10.1.2.4", "localhost", "127.0.0.1"), names);
        renewed.verify(certificate(dir.resolve("ca.crt")).getPublicKey());
    }

    @Test
    @DisplayName("the HTTPS gateway's certificate is valid for 127.0.0.1 under the CA alone; it serves that CA at /ca.crt; plain HTTP redirects to HTTPS")
    void servesTheCaAndRedirects() throws Exception {
        HttpResponse<byte[]> caReply = trustingCa.send(HttpRequest.newBuilder(URI.create(https("127.0.0.1", "/ca.crt"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, caReply.statusCode());
        assertEquals("application/x-x509-ca-cert", caReply.headers().firstValue("Content-Type").orElse(""));
        assertEquals(ca, certificate(caReply.body()), "/ca.crt is the CA that signed the server's certificate");

        // HTTP/1.1 as browsers speak plain http (Java's client would try an h2c upgrade)
        HttpResponse<Void> redirect = trustingCa.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + gateway.port() + "/room/" + room.roomId())).version(HttpClient.Version.HTTP_1_1).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(301, redirect.statusCode());
        assertEquals(https("127.0.0.1", "/room/" + room.roomId()), redirect.headers().firstValue("Location").orElse(""));

        HttpResponse<Void> noCa = trustingCa.send(HttpRequest.newBuilder(URI.create(stack.gatewayA().baseUrl() + "/ca.crt"))
                .version(HttpClient.Version.HTTP_1_1).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(404, noCa.statusCode(), "no CA is served outside --lan mode (the not-found page)");
    }

    @Test
    @DisplayName("over plain http by a host name that is not localhost, the page has no secure context and says what to open instead")
    void plainHttpExplains() {
        String origin = "http://" + NAME + ":" + stack.gatewayA().port();
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            page.navigate(origin + "/room/" + room.roomId());
            assertEquals(Boolean.FALSE, page.evaluate("window.isSecureContext"));
            assertEquals("AudioEncoder:undefined mediaDevices:undefined audioWorklet:undefined",
                    page.evaluate("`AudioEncoder:${typeof AudioEncoder} mediaDevices:${typeof navigator.mediaDevices}"
                            + " audioWorklet:${typeof new AudioContext().audioWorklet}`"),
                    "the premise: none of what the pages need exists here");

            assertEquals(Boolean.FALSE, page.evaluate("import('/js/secure-context.js').then(m => m.checkSecureContext())"));
            var box = page.locator("main .secure-context");
            assertTrue(box.isVisible());
            String text = box.innerText();
            assertTrue(text.contains("plain http from another device"), text);
            assertTrue(text.contains("./run --lan"), text);
            String likely = "https://" + NAME + ":" + stack.gatewayA().port() + "/room/" + room.roomId();
            var link = page.locator("main .secure-context a");
            assertEquals(likely, link.innerText());
            assertEquals(likely, link.getAttribute("href"));
            assertEquals(1, page.locator("main > *").count(), "the room UI is gone, only the explanation is left");
            assertEquals("6px", page.evaluate("getComputedStyle(document.querySelector('.secure-context')).borderLeftWidth"),
                    "its stylesheet (css/secure-context.css) is applied");
            Browser.screenshot(page, "lan-plain-http-desktop");
            page.setViewportSize(390, 844);
            Browser.screenshot(page, "lan-plain-http-phone");
        }
    }

    @Test
    @DisplayName("over https with the CA trusted, the room page and the studio have a secure, cross-origin isolated context with AudioWorklet, AudioEncoder and capture")
    void httpsIsSecure() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            // a phone typing the http address lands on https
            page.navigate("http://" + NAME + ":" + gateway.port() + "/room/" + room.roomId());
            assertEquals(https(NAME, "/room/" + room.roomId()), page.url());
            for (String path : List.of("/room/" + room.roomId(), "/host.html?room=" + room.roomId())) {
                page.navigate(https(NAME, path));
                assertEquals(Boolean.TRUE, page.evaluate("window.isSecureContext"), path);
                assertEquals(Boolean.TRUE, page.evaluate("window.crossOriginIsolated"), path + ": SharedArrayBuffer for the play-out ring");
                assertEquals("AudioEncoder:function AudioDecoder:function getUserMedia:function audioWorklet:object",
                        page.evaluate("`AudioEncoder:${typeof AudioEncoder} AudioDecoder:${typeof AudioDecoder}"
                                + " getUserMedia:${typeof navigator.mediaDevices?.getUserMedia}"
                                + " audioWorklet:${typeof new AudioContext().audioWorklet}`"), path);
                int before = page.locator("main > *").count();
                assertEquals(Boolean.TRUE, page.evaluate("import('/js/secure-context.js').then(m => m.checkSecureContext())"), path);
                assertEquals(0, page.locator(".secure-context").count(), path);
                assertEquals(before, page.locator("main > *").count(), path + ": the page is left as it was");
            }
            String caFromPage = (String) page.evaluate("fetch('/ca.crt').then(r => r.text())");
            assertEquals(ca, certificate(caFromPage.getBytes()), "the phone downloads the CA from the page's own origin");
            Browser.screenshot(page, "lan-https-studio");
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    static String https(String host, String path) {
        return "https://" + host + ":" + tlsPort + path;
    }

    /** Runs scripts/tls-cert, the certificate maker of ./run --lan, and returns what it says it made. */
    static List<String> tlsCert(Path dir, String... names) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", ServiceProcess.repoRoot().resolve("scripts/tls-cert").toString(), dir.toString()));
        cmd.addAll(List.of(names));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scripts/tls-cert finished");
        assertEquals(0, p.exitValue(), "scripts/tls-cert " + String.join(" ", names) + ": " + out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    static Path fresh(String name) throws IOException {
        Path dir = LiveStack.target().resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return dir;
    }

    static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        return certificate(Files.readAllBytes(pem));
    }

    static X509Certificate certificate(byte[] pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("not a certificate", e);
        }
    }

    /** TLS that trusts this CA and nothing else (hostnames checked as usual). */
    static SSLContext trusting(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("roomcast-local-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
