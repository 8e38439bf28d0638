package dev.roomcast.systemtests.journeys;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * axe-core (vendored in the test resources, axe/README.md) run in a page: the WCAG 2.0/2.1 A and AA
 * rules, colour contrast included. Returns one line per violation: rule, help text, the first nodes.
 */
final class Axe {
    private static String source;

    private Axe() {}

    private static synchronized String source() {
        if (source == null) {
            try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe/axe.min.js is missing from the test resources");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }

    @SuppressWarnings("unchecked")
    static List<String> violations(Page page) {
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            // the source evaluated as an expression over the DevTools protocol, as @axe-core/playwright does:
            // no <script> tag and no eval(), so the page's CSP stays as it is
            page.evaluate(source());
        }
        return (List<String>) page.evaluate("async () => {"
                + " const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });"
                + " return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — `"
                + "   + v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary ? n.failureSummary.replace(/\\s+/g, ' ') : ''}`).join(' | '));"
                + "}");
    }
}
