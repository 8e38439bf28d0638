package dev.roomcast.systemtests.engines;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start an engine: extra environment (e.g. {@link PrivatePulse#env(String)}: which PulseAudio
 * server and sink its audio goes to), the viewport, a directory for its profile and logs, and extra
 * command-line switches (Chromium only).
 */
public record EngineOptions(String name, Map<String, String> env, int width, int height, Path workDir, List<String> args) {
    public EngineOptions {
        env = Map.copyOf(env);
        args = List.copyOf(args);
    }

    public EngineOptions(String name, Map<String, String> env, int width, int height, Path workDir) {
        this(name, env, width, height, workDir, List.of());
    }
}
