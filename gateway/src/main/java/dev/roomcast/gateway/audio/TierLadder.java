package dev.roomcast.gateway.audio;

import dev.roomcast.protocol.Tier;

/**
 * One listener's tier and what congestion does to it (pure; consumer thread only). Per batch the
 * listener is due, {@link #onFrame} decides from the bytes still in flight to its socket and from
 * what the guest itself last reported:
 * <ul>
 *   <li>over the hard bound: skip the batch (the socket never holds more than the bound);</li>
 *   <li>over the soft bound, or the guest reported that it hears the room later than this node
 *       sends it (its last mile is too thin), in auto mode: move one tier down (at most once per
 *       cooldown);</li>
 *   <li>in auto mode below {@code high}: move one tier up after {@code upgradeAfter} of calm
 *       (in flight under a quarter of the soft bound, nothing skipped, no such report).</li>
 * </ul>
 * The guest's report matters because the bytes in flight only see what backs up into this process:
 * kernel and network buffers in between (megabytes where they autotune) can hold many seconds of
 * audio before they do, while the guest knows within one report that its audio arrives late.
 * A fixed tier (asked for by the guest) is never moved; it is only skipped.
 */
final class TierLadder {
    enum Step { SEND, SKIP }

    private final int hardBytes;
    private final int softBytes;
    private final long cooldownNs;
    private final long upgradeAfterNs;

    private Tier tier = Tier.HIGH;
    private boolean auto = true;
    private long lastChangeNs;
    private long calmSinceNs;
    private String reason;

    TierLadder(int hardBytes, int softBytes, long cooldownNs, long upgradeAfterNs, long nowNs) {
        this.hardBytes = hardBytes;
        this.softBytes = softBytes;
        this.cooldownNs = cooldownNs;
        this.upgradeAfterNs = upgradeAfterNs;
        this.lastChangeNs = nowNs - cooldownNs;
        this.calmSinceNs = nowNs;
    }

    Tier tier() {
        return tier;
    }

    boolean auto() {
        return auto;
    }

    /** Why the tier last changed: {@code congestion}, {@code recovered} or {@code requested}. */
    String reason() {
        return reason;
    }

    /** The guest's choice: a fixed tier, or null for automatic (which keeps the current tier). */
    void request(Tier fixed, long nowNs) {
        if (fixed != null) {
            tier = fixed;
            auto = false;
        } else {
            auto = true;
        }
        reason = "requested";
        lastChangeNs = nowNs;
        calmSinceNs = nowNs;
    }

    /**
     * Decides for one batch of {@code frameBytes}; may change {@link #tier()} (compare before/after).
     * {@code guestBehind}: a report since the last batch said the guest's audio arrives late.
     */
    Step onFrame(int inFlightBytes, int frameBytes, boolean guestBehind, long nowNs) {
        boolean congested = inFlightBytes > softBytes || guestBehind;
        if (inFlightBytes > softBytes / 4 || guestBehind) {
            calmSinceNs = nowNs;
        }
        if (auto && congested && tier != Tier.LOW && nowNs - lastChangeNs >= cooldownNs) {
            change(tier.lower(), "congestion", nowNs);
        } else if (auto && tier != Tier.HIGH && nowNs - calmSinceNs >= upgradeAfterNs
                && nowNs - lastChangeNs >= upgradeAfterNs) {
            change(tier.higher(), "recovered", nowNs);
        }
        if (inFlightBytes + frameBytes > hardBytes) {
            calmSinceNs = nowNs;
            return Step.SKIP;
        }
        return Step.SEND;
    }

    private void change(Tier to, String why, long nowNs) {
        tier = to;
        reason = why;
        lastChangeNs = nowNs;
        calmSinceNs = nowNs;
    }
}
