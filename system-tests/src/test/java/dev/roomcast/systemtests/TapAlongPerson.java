package dev.roomcast.systemtests;

import java.util.Locale;

/**
 * A person doing "Tap along" (#21) on the guest page, as a script for any engine: once the page's next
 * tap-along run has scheduled its clicks, it taps the Tap button (pointerdown) {@code lateMs} after each
 * click leaves the speakers by the page's own output model — where a person whose speakers play
 * {@code lateMs} late hears them — give or take 12 ms; or at random moments when {@code lateMs} is
 * null. Install it before Start is pressed.
 */
public final class TapAlongPerson {
    private TapAlongPerson() {}

    /** A JavaScript expression (true) that installs the person. */
    public static String script(Double lateMs) {
        String late = lateMs == null ? "null" : String.format(Locale.ROOT, "%.1f", lateMs);
        return "((late) => { const wait = () => { const t = window.roomcastDebug.tapAlong;"
                + " if (!t) { setTimeout(wait, 20); return; }"
                + " t.heardMs.forEach((h, i) => { const at = late == null ? h + ((i * 7919) % 700) - 150 : h + late + 12 * Math.sin(i * 2.3);"
                + "   setTimeout(() => document.getElementById('tap').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })),"
                + "     Math.max(0, at - performance.now())); }); };"
                + " delete window.roomcastDebug.tapAlong; delete window.roomcastDebug.tapResult; wait(); return true; })(" + late + ")";
    }
}
