package dev.roomcast.protocol;

/** Hard limits of the wire. Services may be configured tighter, never looser. */
public final class Limits {
    private Limits() {}

    /** Largest control (text) WebSocket message, in bytes. */
    public static final int MAX_TEXT_MESSAGE_BYTES = 16 * 1024;
    /** Largest binary (audio) WebSocket message, in bytes. */
    public static final int MAX_BINARY_MESSAGE_BYTES = 64 * 1024;
    /** Deepest JSON nesting a control message may have. */
    public static final int MAX_JSON_DEPTH = 8;
    /** Longest string value in a control message, in characters. */
    public static final int MAX_JSON_STRING = 4096;

    public static final int ROOM_NAME_MAX = 64;
    public static final int USERNAME_MAX = 32;
    public static final int CHAT_MESSAGE_MAX = 500;
    public static final int PASSWORD_MAX = 64;
    /** A device key (room:join deviceKey): this many characters of [A-Za-z0-9_-], at least and at most. */
    public static final int DEVICE_KEY_MIN = 16;
    public static final int DEVICE_KEY_MAX = 64;
    /** The longest chat mute (chat:mute seconds): a day. */
    public static final int MUTE_MAX_SECONDS = 86_400;
    /** The longest slow-mode interval (chat:slowmode seconds): an hour. */
    public static final int SLOW_MODE_MAX_SECONDS = 3_600;
    /** How far ahead of the accept the aux changes hands (server ms): both browsers learn the cut before it comes. */
    public static final int AUX_LEAD_MS = 1000;
    /** A packet may miss the cut by this much (µs): the old broadcaster's last one ends within it of the cut. */
    public static final int AUX_CUT_SLACK_US = 10_000;
    /** Longest track title, artist or album (track:set), code points. */
    public static final int TRACK_TEXT_MAX = 200;
    /** A track:set's stream time must be within this of the server's now (µs): the capture time of audio being sent. */
    public static final long TRACK_AT_WINDOW_US = 300_000_000L;
    /** Largest cover art image (PUT /api/rooms/{id}/art), bytes; pages scale it to fit first. */
    public static final int ART_MAX_BYTES = 256 * 1024;
    /** The longest side (px) a page scales cover art to before it uploads it. */
    public static final int ART_MAX_SIDE = 512;
    /** Largest tab peek frame (PUT /api/rooms/{id}/peek), bytes: a JPEG at most {@link #PEEK_MAX_WIDTH} px wide. */
    public static final int PEEK_MAX_BYTES = 64 * 1024;
    /** The widest (and tallest) a page scales a tab peek frame to, px. */
    public static final int PEEK_MAX_WIDTH = 320;
    /** A room takes at most one peek frame per this many ms ({@code rate_limited} otherwise). */
    public static final int PEEK_MIN_INTERVAL_MS = 2_000;
    /** A peek frame lives this long (ms) unless the next replaces it: a studio that vanished stops showing by itself. */
    public static final int PEEK_TTL_MS = 20_000;
    /** How often the studio sends a peek frame, ms. */
    public static final int PEEK_INTERVAL_MS = 5_000;
    public static final int CHAT_HISTORY = 100;
    /** Longest track request text (request:send), code points: cleaned as a track title. */
    public static final int REQUEST_TEXT_MAX = TRACK_TEXT_MAX;
    /** Open (unresolved) track requests a room keeps; past it a new one is refused {@code requests_full}. */
    public static final int REQUESTS_OPEN_MAX = 50;
    /** A member may request one track per this many seconds, after a burst of {@link #REQUEST_BURST}. */
    public static final int REQUEST_INTERVAL_SECONDS = 20;
    public static final int REQUEST_BURST = 2;
    /**
     * A stream time a listener sends ({@code reaction:send}, {@code chat:message} atUs: the capture time it
     * hears) must be at most this far behind the server's now (µs): more than the longest play-out delay.
     */
    public static final long HEARD_AT_PAST_US = 30_000_000L;
    /** ... and at most this far ahead of it (µs): clock error only, a listener hears the past. */
    public static final long HEARD_AT_AHEAD_US = 2_000_000L;
    /** Reactions one socket may send: this many a second after a burst of {@link #REACTION_BURST}. */
    public static final int REACTIONS_PER_SECOND = 3;
    public static final int REACTION_BURST = 8;
    /** A gateway sends each socket at most one {@code reactions:update} per window (ms): 5 a second. */
    public static final int REACTION_WINDOW_MS = 200;
    /** Reactions are counted per emoji per slot of stream time this long (µs). */
    public static final long REACTION_SLOT_US = 100_000L;
    /** At most this many counts (emoji × slot) in one {@code reactions:update}; more in one window are dropped. */
    public static final int REACTION_COUNTS_MAX = 64;

    /** Audio: 48 kHz, stereo, 20 ms packets. */
    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;
    public static final int PACKET_SAMPLES = 960;
    public static final long PACKET_DURATION_US = 20_000;
    /** RFC 6716: an Opus packet is at most 1275 bytes per 20 ms frame. */
    public static final int MAX_OPUS_PACKET = 1275;
    /** One 20 ms stereo s16le PCM packet. */
    public static final int PCM_PACKET_BYTES = PACKET_SAMPLES * CHANNELS * 2;
    /** Most packets one binary audio frame may carry (1 s of audio). */
    public static final int MAX_PACKETS_PER_FRAME = 50;
    public static final int MIN_BITRATE = 16_000;
    public static final int MAX_BITRATE = 256_000;
    /** A packet whose loudest sample is below this level (dBFS) is silence ({@link SignalState}). */
    public static final int SILENCE_DBFS = -60;
    /** A live room is {@code silence} after this long without a packet above {@link #SILENCE_DBFS}. */
    public static final int SILENCE_AFTER_MS = 10_000;
    /** A live room is {@code none} after this long without any audio from its host. */
    public static final int NO_AUDIO_AFTER_MS = 3_000;
}
