package dev.roomcast.systemtests.engines;

/** Starts an engine of a kind. */
public final class Engines {
    private Engines() {}

    public static Engine launch(Engine.Kind kind, EngineOptions options) {
        return switch (kind) {
            case CHROMIUM -> new ChromiumEngine(options);
            case FIREFOX -> new FirefoxBidi(options);
            case WEBKIT -> new WebKitDriver(options);
        };
    }
}
