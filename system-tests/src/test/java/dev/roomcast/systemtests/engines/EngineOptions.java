package dev.roomcast.systemtests.engines;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start an engine: extra environment (e.g. {@link PrivatePulse#env(String)}: which PulseAudio
 * server and sink its audio goes to), the viewport, and a directory for its profile and logs.
 */
public record EngineOptions(String name, Map<String, String> env, int width, int height, Path workDir) {
    public EngineOptions {
        env = Map.copyOf(env);
    }
}
